// The Socket.io server: a dashboard subscribes to the figures of one filter and gets a snapshot
// back; from then on it receives every change batch for that filter's room.
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SubscribeReply,
} from "../../contract/events.ts";
import { errorBody, fieldProblems } from "../../contract/errors.ts";
import { StatsQuery, filterKey, type Filter } from "../../contract/filter.ts";
import type { ChangeFeed } from "../services/change-feed.ts";
import type { IoServer } from "./socket-types.ts";
import type { Logger } from "../log.ts";
import { startBroadcast } from "./broadcast.ts";

export type { IoServer };

const ROOM_PREFIX = "stats:";
/** Live figures come from memory, so a subscription cannot use text search. */
const LiveFilter = StatsQuery.omit({ q: true });

/** What bears on the cost of a connection and a broadcast (the benchmark's bare reference uses the same). */
export const SOCKET_OPTIONS = {
  path: "/socket.io",
  serveClient: false,
  perMessageDeflate: false,
  maxHttpBufferSize: 16_384,
  pingInterval: 10_000,
  pingTimeout: 8_000,
} as const;

/** corsOrigins: other origins whose pages may connect (CORS_ORIGINS); none by default, so no CORS headers. */
export function startRealtime(
  http: HttpServer,
  feed: ChangeFeed,
  log: Logger,
  opts: { coalesceMs?: number; corsOrigins?: readonly string[]; onBatch?: () => void } = {},
) {
  const io: IoServer = new Server(http, {
    ...SOCKET_OPTIONS,
    ...(opts.corsOrigins?.length ? { cors: { origin: [...opts.corsOrigins], credentials: true } } : {}),
  });
  const filters = new Map<string, Filter>();

  io.on("connection", (socket) => {
    socket.on("subscribe", (query, ack) => {
      if (typeof ack !== "function") return;
      const parsed = LiveFilter.strict().safeParse(query ?? {});
      if (!parsed.success) {
        ack(
          errorBody(
            "VALIDATION",
            "The subscription filter is not valid",
            fieldProblems(parsed.error.issues),
          ) as SubscribeReply,
        );
        return;
      }
      const filter = parsed.data;
      const room = ROOM_PREFIX + filterKey(filter);
      if (socket.data.room && socket.data.room !== room) void socket.leave(socket.data.room);
      filters.set(room, filter);
      void socket.join(room);
      socket.data.room = room;
      // Joined and snapshotted in the same tick: every later batch follows this snapshot.
      ack({ ok: { stats: feed.stats(filter), at: feed.lastAt?.toISOString() ?? null } });
    });
  });

  const broadcast = startBroadcast(
    feed,
    {
      *activeRooms() {
        const rooms = io.of("/").adapter.rooms;
        for (const [room, filter] of filters) {
          if (rooms.get(room)?.size) yield { room, filter };
          else filters.delete(room);
        }
      },
      // Local sockets only: with several processes each one computes its own rooms' figures from its
      // own aggregates (server/realtime/cluster.ts), so a batch is never delivered twice.
      emit: (room, batch) => {
        opts.onBatch?.();
        io.local.to(room).emit("changes", batch);
      },
    },
    opts.coalesceMs,
  );

  log.debug("realtime ready");
  return {
    io,
    /** Filter rooms with at least one socket in this process (for /metrics). */
    liveRooms: () => {
      const rooms = io.of("/").adapter.rooms;
      let n = 0;
      for (const room of filters.keys()) if (rooms.get(room)?.size) n++;
      return n;
    },
    close: async () => {
      broadcast.flush();
      broadcast.stop();
      await io.close();
    },
  };
}
