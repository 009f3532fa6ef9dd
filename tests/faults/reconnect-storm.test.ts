// After a restart every wall display and dashboard comes back at once. The server must take the
// storm: it stays up, /api/health keeps answering while it lasts, and every client gets its
// snapshot again. The server is a real child process; the clients are socket.io-client with
// reconnection on, as the pages use it, all reconnecting within a second or two.
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents, SubscribeReply } from "../../contract/events.ts";
import type { FilterQuery } from "../../contract/filter.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { serverHome, type ServerHome } from "./support/server-process.ts";

const CLIENTS = 600;
const FILTERS: FilterQuery[] = [
  {},
  { nonState: "true" },
  { district: "1" },
  { ownership: "FDI" },
  { district: "2,3", nonState: "true" },
];

let home: ServerHome;
let sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
beforeAll(async () => {
  home = await serverHome({ SEED_ENTERPRISES: "300", LOG_LEVEL: "silent" });
  await home.start();
}, 90_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await home?.remove();
});

describe("a reconnect storm after a restart", () => {
  it(`${CLIENTS} clients come back at once: the server stays up, answers health checks, and every client gets its snapshot`, async () => {
    const cookie = await login(home.url, "admin", DEMO_PASSWORD);
    const issued = await fetch(`${home.url}/api/display-tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ label: "Bão kết nối" }),
    });
    const { token } = (await issued.json()) as { token: string };

    // Snapshots received per client, counted on every (re)connection.
    const snapshots = new Array<number>(CLIENTS).fill(0);
    const refusals: string[] = [];
    sockets = Array.from({ length: CLIENTS }, (_, i) => {
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(home.url, {
        transports: ["websocket"],
        forceNew: true,
        auth: { token },
        reconnection: true,
        reconnectionDelay: 300,
        reconnectionDelayMax: 1500,
        randomizationFactor: 0.5,
        timeout: 20_000,
      });
      s.on("connect", () => {
        s.timeout(30_000).emit(
          "subscribe",
          FILTERS[i % FILTERS.length]!,
          (err: Error | null, reply: SubscribeReply) => {
            if (err) refusals.push(`client ${i}: ${err.message}`);
            else if ("ok" in reply) snapshots[i]!++;
            else refusals.push(`client ${i}: ${JSON.stringify(reply)}`);
          },
        );
      });
      return s;
    });
    const allHave = (n: number) => snapshots.every((c) => c >= n);
    await waitFor(
      () => allHave(1),
      60_000,
      () => `${snapshots.filter((c) => c >= 1).length}/${CLIENTS} first snapshots`,
    );

    await home.kill();
    await waitFor(
      () => sockets.every((s) => !s.connected),
      15_000,
      () => "clients to notice",
    );
    await home.start();

    // Poll health through the storm: it must keep answering, promptly.
    const health: number[] = [];
    let storming = true;
    const poller = (async () => {
      while (storming) {
        const t = Date.now();
        const res = await fetch(`${home.url}/api/health`, { signal: AbortSignal.timeout(5000) });
        expect(res.status).toBe(200);
        health.push(Date.now() - t);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      await waitFor(
        () => allHave(2),
        60_000,
        () =>
          `${snapshots.filter((c) => c >= 2).length}/${CLIENTS} snapshots after the restart; refusals: ${refusals.slice(0, 3).join("; ")}`,
      );
    } finally {
      storming = false;
      await poller;
    }
    expect(refusals).toEqual([]);
    expect(health.length).toBeGreaterThan(0);
    expect(Math.max(...health), `health latencies ${health.join(",")}`).toBeLessThan(3000);
    expect((await fetch(`${home.url}/api/ready`)).status).toBe(200);
  }, 150_000);
});

async function waitFor(done: () => boolean, timeoutMs: number, what: () => string) {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
