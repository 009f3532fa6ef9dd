// Separate "hosts" on one machine: Linux network namespaces joined by veth pairs to a bridge that
// lives in a namespace of its own (the LAN's switch), on a private 10.231.N.0/24 made here. The test
// process (the root namespace) gets a leg on that LAN too, with a few addresses of its own so its
// clients look like different people to a load balancer. Nothing here routes anywhere else.
// Every namespace, link, process and directory made here is removed by teardown(), and on process
// exit whatever happened.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const IP = fs.existsSync("/usr/sbin/ip") ? "/usr/sbin/ip" : "ip";

/** null when this process may make network namespaces (it makes and removes one to see); else why not. */
export function netnsUnavailable(): string | null {
  const name = `upmh-probe-${randomBytes(3).toString("hex")}`;
  try {
    execFileSync(IP, ["netns", "add", name], { stdio: "pipe" });
  } catch (e) {
    const why = ((e as { stderr?: Buffer }).stderr?.toString() || (e as Error).message).trim();
    return `\`ip netns add\` is not permitted here (${why}); the multi-host test needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN)`;
  }
  try {
    execFileSync(IP, ["netns", "exec", name, IP, "link", "set", "lo", "up"], { stdio: "pipe" });
    return null;
  } catch (e) {
    return `\`ip netns exec\` is not permitted here (${(e as Error).message.trim()})`;
  } finally {
    try {
      execFileSync(IP, ["netns", "del", name], { stdio: "pipe" });
    } catch {
      // nothing to remove
    }
  }
}

export interface NetProcess {
  child: ChildProcess;
  name: string;
  /** Everything it printed so far. */
  output(): string;
  /** The exit code or signal name, once it has exited. */
  exited: Promise<number | string>;
  readonly running: boolean;
}

export interface Host {
  /** The namespace's name (`ip netns exec <ns> …`). */
  ns: string;
  address: string;
  /** Runs a program inside this host (its own process group, killed at teardown). */
  spawn(cmd: string, args: string[], opts?: { env?: Record<string, string>; cwd?: string; name?: string }): NetProcess;
}

export interface Lan {
  /** 10.231.N: the LAN's first three octets. */
  prefix: string;
  /** Adds a host with address prefix.<octet>. */
  host(label: string, octet: number): Host;
  /** Gives the test process (root namespace) a leg on the LAN with these last octets; the first is its main address. */
  attachRoot(octets: number[]): string[];
  /** A temp directory removed at teardown (mode 0755, so services run as other users can enter it). */
  tempDir(label: string): string;
  /** Kills every process started here, removes the namespaces, the root's link and the temp directories. */
  teardown(): Promise<void>;
}

const sh = (args: string[]) => execFileSync(IP, args, { stdio: "pipe" });
const quiet = (args: string[]) => {
  try {
    sh(args);
  } catch {
    // already gone
  }
};

/** A third octet no route of the root namespace uses yet, so two runs (or the machine's own networks) never overlap. */
function freeThirdOctet(): number {
  const routes = execFileSync(IP, ["-4", "route", "show", "table", "all"], { encoding: "utf8" });
  for (let attempt = 0; attempt < 100; attempt++) {
    const n = Math.floor(Math.random() * 254) + 1;
    if (!routes.includes(`10.231.${n}.`)) return n;
  }
  throw new Error("no free 10.231.N.0/24 found");
}

const live = new Set<Lan & { killAllSync(): void }>();
const killAll = () => {
  for (const lan of live) lan.killAllSync();
};
process.on("exit", killAll);
// Interrupted (Ctrl+C, a CI timeout): clean up, then die of the same signal as if we had not listened.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
  process.once(signal, () => {
    killAll();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Namespaces (with their processes) and temp directories left by runs that were killed outright (SIGKILL). */
function reapStale() {
  const stale = /^upmh-(\d+)-[0-9a-f]{6}-/;
  let names: string[] = [];
  try {
    names = execFileSync(IP, ["netns", "list"], { encoding: "utf8" })
      .split("\n")
      .map((l) => l.split(" ")[0]!);
  } catch {
    return;
  }
  for (const ns of names) {
    const m = stale.exec(ns);
    if (!m || alive(Number(m[1]))) continue;
    for (const pid of execFileSync(IP, ["netns", "pids", ns], { encoding: "utf8" }).split("\n").filter(Boolean))
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {
        // gone
      }
    quiet(["netns", "del", ns]);
  }
  for (const d of fs.readdirSync(os.tmpdir())) {
    const m = stale.exec(d);
    if (m && !alive(Number(m[1]))) fs.rmSync(path.join(os.tmpdir(), d), { recursive: true, force: true });
  }
}

export function createLan(): Lan {
  reapStale();
  const id = randomBytes(3).toString("hex");
  // Names carry our pid, so a later run can tell what a run killed outright left behind.
  const tag = `upmh-${process.pid}-${id}`;
  const prefix = `10.231.${freeThirdOctet()}`;
  const sw = `${tag}-sw`;
  const namespaces: string[] = [];
  const processes: NetProcess[] = [];
  const dirs: string[] = [];
  const rootLink = `upmh${id}`; // at most 15 characters
  let rootAttached = false;

  const addNs = (ns: string) => {
    sh(["netns", "add", ns]);
    namespaces.push(ns);
    sh(["-n", ns, "link", "set", "lo", "up"]);
  };

  const killGroup = (p: NetProcess, signal: NodeJS.Signals) => {
    try {
      process.kill(-p.child.pid!, signal);
    } catch {
      // already gone
    }
  };

  const lan = {
    prefix,
    host(label: string, octet: number): Host {
      const ns = `${tag}-${label}`;
      const address = `${prefix}.${octet}`;
      addNs(ns);
      // eth0 inside the host, its peer (named for the host) plugged into the switch.
      sh(["link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", label, "netns", sw]);
      sh(["-n", sw, "link", "set", label, "master", "br0", "up"]);
      sh(["-n", ns, "addr", "add", `${address}/24`, "dev", "eth0"]);
      sh(["-n", ns, "link", "set", "eth0", "up"]);
      return {
        ns,
        address,
        spawn(cmd, args, opts = {}) {
          const child = spawn(IP, ["netns", "exec", ns, cmd, ...args], {
            cwd: opts.cwd,
            env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: os.tmpdir(), ...opts.env },
            stdio: ["ignore", "pipe", "pipe"],
            detached: true, // its own process group: teardown kills whatever it started
          });
          let out = "";
          const keep = (b: Buffer) => {
            out = (out + b.toString()).slice(-20_000);
          };
          child.stdout!.on("data", keep);
          child.stderr!.on("data", keep);
          const exited = new Promise<number | string>((resolve) =>
            child.once("exit", (code, signal) => resolve(signal ?? code ?? -1)),
          );
          const p: NetProcess = {
            child,
            name: `${label}:${opts.name ?? path.basename(cmd)}`,
            output: () => out,
            exited,
            get running() {
              return child.exitCode === null && child.signalCode === null;
            },
          };
          processes.push(p);
          return p;
        },
      };
    },
    attachRoot(octets: number[]) {
      sh(["link", "add", rootLink, "type", "veth", "peer", "name", "root", "netns", sw]);
      rootAttached = true;
      sh(["-n", sw, "link", "set", "root", "master", "br0", "up"]);
      const addresses = octets.map((o) => `${prefix}.${o}`);
      for (const a of addresses) sh(["addr", "add", `${a}/24`, "dev", rootLink]);
      sh(["link", "set", rootLink, "up"]);
      return addresses;
    },
    tempDir(label: string) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${tag}-${label}-`));
      fs.chmodSync(dir, 0o755);
      dirs.push(dir);
      return dir;
    },
    killAllSync() {
      for (const p of processes) killGroup(p, "SIGKILL");
      for (const ns of namespaces.splice(0).reverse()) quiet(["netns", "del", ns]);
      if (rootAttached) quiet(["link", "del", rootLink]);
      rootAttached = false;
      for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
      live.delete(lan);
    },
    async teardown() {
      // Gently first (PostgreSQL and Redis stop at once on SIGTERM/SIGQUIT), then everything else.
      const running = processes.filter((p) => p.running);
      for (const p of running) killGroup(p, "SIGTERM");
      await Promise.race([Promise.all(running.map((p) => p.exited)), new Promise((r) => setTimeout(r, 5000))]);
      for (const p of processes) killGroup(p, "SIGKILL");
      await Promise.all(processes.map((p) => p.exited));
      lan.killAllSync();
    },
  };
  live.add(lan);
  try {
    addNs(sw);
    sh(["-n", sw, "link", "add", "br0", "type", "bridge"]);
    sh(["-n", sw, "link", "set", "br0", "up"]);
  } catch (e) {
    lan.killAllSync();
    throw e;
  }
  return lan;
}

/** Resolves when check() returns a value (not undefined), polling; fails with what() after timeoutMs. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  what: () => string,
  intervalMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
