// A UnionPulse server as a real child process (`node --import tsx server/main.ts`), on a SQLite
// file in a temp directory, that a fault test can SIGKILL and start again on the same data and
// port. Every process started here is killed when the test process exits, whatever happened.
import { HISTORY_BUILDS_INLINE } from "../../support/history-env.ts";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../support/free-ports.ts";
import { ROOT, waitReady } from "../../scale/support/processes.ts";

const started = new Set<ChildProcess>();
process.on("exit", () => {
  for (const c of started) {
    try {
      process.kill(-c.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  }
});

export interface ServerHome {
  dir: string;
  url: string;
  /** Starts the server on this home's data and port; resolves once /api/ready answers 200. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown, no flush. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then waits; and removes the data. */
  remove(): Promise<void>;
  output(): string;
}

export async function serverHome(env: Record<string, string> = {}): Promise<ServerHome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-fault-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let exited: Promise<unknown> = Promise.resolve();
  let out = "";

  const stop = async (signal: NodeJS.Signals) => {
    if (!child) return;
    const group = -child.pid!;
    try {
      process.kill(group, signal);
    } catch {
      /* gone */
    }
    const force = setTimeout(() => {
      try {
        process.kill(group, "SIGKILL");
      } catch {
        /* gone */
      }
    }, 10_000);
    await exited;
    clearTimeout(force);
    started.delete(child);
    child = null;
  };

  return {
    dir,
    url,
    async start() {
      const c = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: process.env.HOME ?? "/tmp",
          HOST: "127.0.0.1",
          PORT: String(port),
          DATA_DIR: dir,
          LOG_LEVEL: "info",
          SEED_ENTERPRISES: "200",
          WRITE_RATE_LIMIT: "1000000",
          ...HISTORY_BUILDS_INLINE,
          ...env,
        },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      child = c;
      started.add(c);
      c.stdout!.on("data", (b: Buffer) => {
        out += b.toString();
      });
      c.stderr!.on("data", (b: Buffer) => {
        out += b.toString();
      });
      const gone = new Promise<number | string>((resolve) =>
        c.once("exit", (code, signal) => resolve(signal ?? code ?? -1)),
      );
      exited = gone;
      await waitReady(
        url,
        {
          child: c,
          output: () => out,
          exited: gone,
          kill: (s) => {
            c.kill(s);
          },
        },
        60_000,
      );
    },
    kill: () => stop("SIGKILL"),
    async remove() {
      await stop("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    },
    output: () => out,
  };
}
