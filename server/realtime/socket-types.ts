// The types realtime/'s modules share (the typed server, what a socket carries, its credential), in
// their own module so io.ts and auth.ts need not import each other (as Socket.io's lib/socket-types.ts).
import type { Server } from "socket.io";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents } from "../../contract/events.ts";
import type { Actor } from "../domain/rights.ts";

export interface SocketCredential {
  /** Digest of the session secret, when the connection came with a cookie. */
  sessionId?: string;
  /** Same key, same credential: many displays share one token, many tabs one session. */
  key: string;
  /** Re-resolves the connection's actor; null once it has ended. */
  recheck: () => Promise<unknown>;
}

export interface SocketData {
  room?: string;
  /** Who connected and with what (./auth.ts): checked at the handshake and again when it ends. */
  actor?: Actor;
  credential?: SocketCredential;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
