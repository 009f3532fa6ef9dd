// A byte stream from a worker thread to this process over a MessagePort, with backpressure both
// ways: the thread writes to portWriter's Writable (what the export module writes to a response
// today), and this side's pipeFromPort writes each chunk to the response as it comes. The thread may
// have at most CREDIT chunks unacknowledged; a chunk is acknowledged once the response took it (its
// write returned true, or it drained), so a slow client holds the thread back instead of filling
// memory here. A response closed early sends "cancel": the thread's Writable is destroyed, which is
// how the export module already learns that a download was given up.
import type { MessagePort } from "node:worker_threads";
import { Writable } from "node:stream";

/** Chunks in flight at once: enough to keep the socket busy while the thread makes the next one. */
const CREDIT = 8;

/** Thread → here. */
export type FromThread = { chunk: ArrayBuffer } | { end: true } | { error: string; cancelled?: boolean };
/** Here → thread. */
export type ToThread = { ack: true } | { cancel: true };

/** One buffer of the thread's own, to transfer rather than copy: Node's small Buffers share a pool. */
function ownBuffer(chunks: readonly Buffer[]): ArrayBuffer {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all.buffer;
}

/** The thread's side: a Writable whose chunks go to `port` as transferred ArrayBuffers. Whoever runs
 *  the job sends `end` once it has "finish"ed (every chunk sent), or the job's error. */
export function portWriter(port: MessagePort): Writable {
  let credit = CREDIT;
  let waiting: (() => void) | null = null;
  const send = (chunks: Buffer[], done: (e?: Error | null) => void) => {
    const buffer = ownBuffer(chunks);
    port.postMessage({ chunk: buffer } satisfies FromThread, [buffer]);
    if (--credit > 0) return done();
    waiting = () => done();
  };
  const out = new Writable({
    // Chunks written while we wait for credit are kept by the Writable and sent together (writev).
    highWaterMark: 64 * 1024,
    writev(chunks, done) {
      send(
        chunks.map((c) => c.chunk as Buffer),
        done,
      );
    },
    destroy(e, done) {
      port.off("message", onMessage);
      done(e);
    },
  });
  const onMessage = (m: ToThread) => {
    if ("cancel" in m) return void out.destroy();
    credit++;
    const resume = waiting;
    waiting = null;
    resume?.();
  };
  port.on("message", onMessage);
  // The other side gone (its process closing): nobody will read, nor give credit.
  port.once("close", () => out.destroy());
  return out;
}

/** A response closed before the thread's stream ended: the download was given up. */
export class StreamCancelled extends Error {}

/** This process's side: writes what arrives on `port` to `out` until the thread's `end`, then ends
 *  `out`; answers each chunk once `out` took it. `done` rejects with the thread's error, with
 *  StreamCancelled when `out` closes first (the thread is told to stop), or with the error passed to
 *  `lost` (the caller's word that the thread is gone). `received()`: whether any byte came. */
export function pipeFromPort(port: MessagePort, out: Writable) {
  let bytes = 0;
  let lost: (e: Error) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    const finish = (e?: Error) => {
      port.off("message", onMessage);
      out.off("close", onClose);
      port.close();
      if (e) reject(e);
      else resolve();
    };
    const ack = () => {
      if (!out.destroyed) port.postMessage({ ack: true } satisfies ToThread);
    };
    const onMessage = (m: FromThread) => {
      if ("chunk" in m) {
        bytes += m.chunk.byteLength;
        if (out.write(new Uint8Array(m.chunk))) ack();
        else out.once("drain", ack);
      } else if ("end" in m) {
        out.end();
        finish();
      } else finish(m.cancelled ? new StreamCancelled() : new Error(m.error));
    };
    const onClose = () => {
      port.postMessage({ cancel: true } satisfies ToThread);
      finish(new StreamCancelled());
    };
    port.on("message", onMessage);
    out.on("close", onClose);
    lost = finish;
  });
  return { done, received: () => bytes > 0, lost: (e: Error) => lost(e) };
}
