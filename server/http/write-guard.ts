// Until accounts exist, only this machine may write: a request from any other address gets 403.
// The author of a write is the X-Actor header (for scripts and the simulator) or "local".
import type { Request, RequestHandler } from "express";
import { ForbiddenError } from "../domain/errors.ts";
import type { Author, ChangeSource } from "../services/enterprises.ts";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export const localWritesOnly: RequestHandler = (req, _res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  if (!LOOPBACK.test(req.socket.remoteAddress ?? "")) return next(new ForbiddenError("Writes are accepted from this machine only until accounts are set up"));
  next();
};

export function authorOf(req: Request): Author {
  const actor = String(req.get("x-actor") ?? "").trim().slice(0, 64).replace(/[\u0000-\u001f\u007f]/g, "") || "local";
  const source: ChangeSource = actor === "simulator" ? "simulator" : "api";
  return { actor, source };
}
