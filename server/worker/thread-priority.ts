// On Linux a thread has its own niceness: the query threads (replays, exports, import dry runs:
// server/services/thread-pool.ts) ask for a little less than the server's main thread (live pushes,
// requests) when the cores are all busy, and run at full speed when they are not; not much less, or
// other processes of a busy machine would starve them.
import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/** Makes the calling thread `by` steps nicer than it started (as nice as the thread that created it,
 *  so a server started under `nice` keeps its threads below its main thread too: an absolute value
 *  at or below the process's own would be refused). Elsewhere, or where refused, nothing changes. */
export function niceThisThread(by: number): void {
  try {
    const thread = Number(readlinkSync("/proc/thread-self").split("/").pop());
    setPriority(thread, Math.min(19, getPriority(thread) + by));
  } catch {
    // not Linux, or not allowed: no harm
  }
}
