// On Linux a thread has its own niceness: the query threads (replays, exports) ask for a little less
// than the server's main thread (live pushes, requests) when the cores are all busy, and run at full
// speed when they are not; not much less, or other processes of a busy machine would starve them.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";

/** Lowers the calling thread's priority to `nice`. Elsewhere, or where it is refused, nothing changes. */
export function niceThisThread(nice: number): void {
  try {
    setPriority(Number(readlinkSync("/proc/thread-self").split("/").pop()), nice);
  } catch {
    // not Linux, or not allowed: no harm
  }
}
