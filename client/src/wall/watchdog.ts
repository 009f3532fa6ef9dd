// Keeps a display that nobody touches from getting stuck. Socket.io reconnects after a dropped
// connection by itself; this catches what it cannot see: a machine that slept (a lid closed
// overnight: timers stop, then the wall clock has jumped), a connection that says "connected" but
// has carried nothing for longer than the server's heartbeat allows, and a tab that comes back
// after hours in the background. While disconnected it also asks the server's readiness check at
// each tick, so a restarted server is found within seconds rather than after a long backoff wait.
import type { Live } from "../live.ts";

/** How often the watchdog looks. */
export const TICK_MS = 5_000;
/** A tick this late means the machine (or the tab) was asleep. */
export const SLEPT_MS = 20_000;
/** The server pings every 10 s and gives up after 8 more: silence this long means a dead link. */
export const SILENT_MS = 35_000;
/** Hidden for longer than this: fetch a fresh snapshot when shown again. */
export const HIDDEN_MS = 30_000;
const PROBE_TIMEOUT_MS = 2_000;

export type WatchdogAction = "none" | "reconnect" | "resync";

export interface WatchdogState {
  now: number;
  lastTick: number;
  lastHeardAt: number;
  connected: boolean;
}

/** What to do at a tick. Pure, so the rules can be read and tested on their own. */
export function watchdogAction(s: WatchdogState): WatchdogAction {
  if (s.now - s.lastTick > TICK_MS + SLEPT_MS) return "reconnect";
  if (s.connected && s.now - s.lastHeardAt > SILENT_MS) return "reconnect";
  return "none";
}

export function startWatchdog(live: Live): () => void {
  let lastTick = Date.now();
  let hiddenAt: number | null = document.hidden ? Date.now() : null;
  let probing = false;
  /** The server said no to our credentials: a ready server will not change that, so do not hurry it. */
  let refused = false;
  const offRefused = live.on("refused", () => {
    refused = true;
  });
  const offConnection = live.on("connection", (state) => {
    if (state === "connected") refused = false;
  });

  /** One small request per tick while disconnected; /api/ready needs no credentials. */
  const probe = async () => {
    probing = true;
    try {
      const res = await fetch("/api/ready", { cache: "no-store", signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      if (res.ok && live.connection !== "connected") live.reconnect();
    } catch {
      // Still away: the next tick asks again.
    } finally {
      probing = false;
    }
  };

  const act = (action: WatchdogAction) => {
    if (action === "reconnect") live.reconnect();
    else if (action === "resync") live.resync();
  };

  const timer = window.setInterval(() => {
    const now = Date.now();
    // A background tab's timers are throttled to once a minute: late ticks there are not sleep,
    // and coming back to the foreground is handled by onVisibility.
    if (!document.hidden) {
      act(watchdogAction({ now, lastTick, lastHeardAt: live.lastHeardAt, connected: live.connection === "connected" }));
      if (live.connection !== "connected" && !refused && !probing) void probe();
    }
    lastTick = now;
  }, TICK_MS);

  const onVisibility = () => {
    if (document.hidden) {
      hiddenAt = Date.now();
      return;
    }
    const away = hiddenAt === null ? 0 : Date.now() - hiddenAt;
    hiddenAt = null;
    if (away < HIDDEN_MS) return;
    // Back after a while: a live link only needs fresh figures; a quiet one is replaced.
    const recentlyHeard = Date.now() - live.lastHeardAt < SILENT_MS;
    act(live.connection === "connected" && recentlyHeard ? "resync" : "reconnect");
  };
  // The network came back: try now rather than wait out the backoff (up to 10 s).
  const onOnline = () => {
    if (live.connection !== "connected") live.reconnect();
  };

  document.addEventListener("visibilitychange", onVisibility);
  window.addEventListener("online", onOnline);
  return () => {
    offRefused();
    offConnection();
    window.clearInterval(timer);
    document.removeEventListener("visibilitychange", onVisibility);
    window.removeEventListener("online", onOnline);
  };
}
