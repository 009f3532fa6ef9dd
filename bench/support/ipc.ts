// Request/answer over a forked child's IPC channel: the bench asks, the child (a server under test
// or a client swarm) answers; a child may also send events of its own.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

type Handler = (arg: any) => unknown; // any: each handler says what it takes; the bench and the child are one program
interface Request {
  id: number;
  cmd: string;
  arg: unknown;
}
interface Answer {
  id: number;
  ok?: unknown;
  error?: string;
}
interface Event {
  event: string;
  data: unknown;
}

/** In the child: answers the bench's requests; exits when the bench goes away. */
export function answerRequests(handlers: Record<string, Handler>) {
  process.on("disconnect", () => process.exit(0));
  process.on("message", (m: Request) => {
    if (typeof m?.cmd !== "string") return;
    const handler = handlers[m.cmd];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${m.cmd}`);
        return handler(m.arg);
      })
      .then(
        (ok) => process.send!({ id: m.id, ok } satisfies Answer),
        (e: unknown) =>
          process.send!({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies Answer),
      );
  });
}

export function sendEvent(event: string, data: unknown) {
  process.send?.({ event, data } satisfies Event);
}

export interface Child {
  process: ChildProcess;
  pid: number;
  ask<T>(cmd: string, arg?: unknown, timeoutMs?: number): Promise<T>;
  on(event: string, listener: (data: any) => void): () => void; // any: each listener says what its event carries
  /** Resolves when the child has exited (killed after `graceMs` if it has not by then). */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a bench child (a .ts file under bench/support) with tsx and an IPC channel. */
export function forkChild(file: string, env: NodeJS.ProcessEnv = {}, execArgv: string[] = []): Child {
  const child = fork(path.resolve(import.meta.dirname, file), [], {
    execArgv: ["--import", "tsx", ...execArgv],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let next = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.on("message", (m: Answer | Event) => {
    if ("event" in m) {
      for (const l of listeners.get(m.event) ?? []) l(m.data);
      return;
    }
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error !== undefined) w.reject(new Error(m.error));
    else w.resolve(m.ok);
  });
  child.once("exit", (code, signal) => {
    for (const w of waiting.values()) w.reject(new Error(`${file} exited (${signal ?? code}) before answering`));
    waiting.clear();
  });
  return {
    process: child,
    pid: child.pid!,
    ask<T>(cmd: string, arg?: unknown, timeoutMs = 120_000) {
      return new Promise<T>((resolve, reject) => {
        const id = next++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${file}: ${cmd} took more than ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        child.send({ id, cmd, arg } satisfies Request);
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.disconnect(); // the child exits on disconnect (answerRequests)
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
