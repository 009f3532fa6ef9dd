// A request whose asker has gone (a closed page, a fetch the client aborted because a newer question
// superseded it) before its answer was sent: work queued for it need not run.
import type { Response } from "express";

/** The reason a signal from `whenGone` aborts with; the error handler answers nobody for it. */
export class RequestGone extends Error {
  constructor() {
    super("the client closed the request before its answer");
  }
}

/** Aborts when the connection of `res` closes before the answer has been sent in full. */
export function whenGone(res: Response): AbortSignal {
  const gone = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) gone.abort(new RequestGone());
  });
  return gone.signal;
}
