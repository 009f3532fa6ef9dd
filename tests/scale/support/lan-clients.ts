// People on the test LAN: HTTP calls and live dashboards sent from a chosen source address (so a
// load balancer that is sticky by client address tells them apart), and a dashboard that heals as
// the browser's does (client/src/live.ts): it reconnects for ever, subscribes again on every
// connect, and resubscribes when the sequence has a hole.
import http from "node:http";
import { io, type Socket } from "socket.io-client";
import { decideBatch } from "../../../client/src/live.ts";
import type { ClientToServerEvents, ServerToClientEvents } from "../../../contract/events.ts";
import type { Stats } from "../../../contract/stats.ts";
import { sessionCookieOf } from "../../support/accounts.ts";

const agents = new Map<string, http.Agent>();
const agentFrom = (from: string) => {
  let a = agents.get(from);
  if (!a) agents.set(from, (a = new http.Agent({ keepAlive: true, localAddress: from })));
  return a;
};

export interface Answer {
  status: number;
  body: unknown;
  headers: http.IncomingHttpHeaders;
}

/** One HTTP request from the source address `from`; rejects only when no answer came (connection refused or cut). */
export function call(
  base: string,
  method: string,
  path: string,
  { from, cookie, body, timeoutMs = 10_000 }: { from: string; cookie?: string; body?: unknown; timeoutMs?: number },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      new URL(path, base),
      {
        method,
        agent: agentFrom(from),
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(payload);
  });
}

export async function loginFrom(base: string, from: string, username: string, password: string): Promise<string> {
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.request(new URL("/api/auth/login", base), {
      method: "POST",
      agent: agentFrom(from),
      headers: { "content-type": "application/json" },
    });
    req.on("response", resolve);
    req.on("error", reject);
    req.end(JSON.stringify({ username, password }));
  });
  res.resume();
  const cookie = sessionCookieOf(new Response(null, { headers: toHeaders(res.headers) }));
  if (res.statusCode !== 200 || !cookie) throw new Error(`login ${username} at ${base}: ${res.statusCode}`);
  return cookie;
}

function toHeaders(h: http.IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(h)) for (const x of Array.isArray(v) ? v : v ? [v] : []) out.append(k, x);
  return out;
}

export interface LiveFollower {
  from: string;
  /** The figures the dashboard shows now (its last snapshot or applied batch), null before the first. */
  readonly stats: Stats | null;
  readonly connected: boolean;
  /** Date.now() of each connect and each disconnect. */
  connects: number[];
  disconnects: number[];
  /** Date.now() of each snapshot received (the first, and one after every reconnect or hole). */
  snapshots: number[];
  close(): void;
}

/** A dashboard following every enterprise's figures, connected from `from`; resolves once it has its first snapshot. */
export async function followLive(
  base: string,
  { from, cookie, transports }: { from: string; cookie: string; transports: ("websocket" | "polling")[] },
): Promise<LiveFollower> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(base, {
    transports,
    forceNew: true,
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    timeout: 5000,
    extraHeaders: { cookie },
    // Both transports leave from `from`: WebSocket through ws's localAddress, polling through the
    // agent. Node-only options that socket.io-client's (browser-shaped) types do not list.
    ...({ localAddress: from, agent: agentFrom(from) } as object),
  });
  let stats: Stats | null = null;
  let lastSeq: number | null = null;
  let subscription = 0;
  /** Batches that arrive while a subscribe is unanswered are in its snapshot or after it (client/src/live.ts). */
  let awaiting = false;
  const f: LiveFollower = {
    from,
    get stats() {
      return stats;
    },
    get connected() {
      return socket.connected;
    },
    connects: [],
    disconnects: [],
    snapshots: [],
    close: () => {
      socket.close();
    },
  };
  const subscribe = () => {
    if (!socket.connected) return;
    const token = ++subscription;
    awaiting = true;
    socket.timeout(5000).emit("subscribe", {}, (err, reply) => {
      if (token !== subscription) return;
      awaiting = false;
      if (err || !("ok" in reply)) {
        setTimeout(() => token === subscription && subscribe(), 500);
        return;
      }
      stats = reply.ok.stats;
      lastSeq = reply.ok.stats.seq;
      f.snapshots.push(Date.now());
    });
  };
  socket.on("connect", () => {
    f.connects.push(Date.now());
    subscribe();
  });
  socket.on("disconnect", (reason) => {
    f.disconnects.push(Date.now());
    subscription++;
    awaiting = false;
    if (reason === "io server disconnect") socket.connect();
  });
  socket.on("changes", (batch) => {
    if (awaiting || lastSeq === null) return;
    const decision = decideBatch(lastSeq, batch);
    if (decision === "resync") subscribe();
    if (decision !== "apply") return;
    lastSeq = batch.toSeq;
    stats = batch.stats;
  });
  const until = Date.now() + 15_000;
  while (!f.snapshots.length) {
    if (Date.now() > until) {
      socket.close();
      throw new Error(`a dashboard from ${from} got no snapshot from ${base} within 15 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return f;
}
