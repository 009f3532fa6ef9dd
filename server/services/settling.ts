// Whether the work a start leaves running in the background (the history builds, the check of
// aggregates started from a checkpoint) is done. The process serves meanwhile, so this is not
// readiness; it tells an operator, or a benchmark measuring the cost of an edit, that what the
// process spends from now on is spent on requests and pushes, not on finishing its start.
import type { Logger } from "../log.ts";

export function settling(log: Logger) {
  const startedAt = performance.now();
  let pending = 0;
  let closed = false;
  let allIn = false;
  let announced = false;
  const finish = () => {
    if (!allIn || pending > 0 || closed || announced) return;
    announced = true;
    log.info(
      `start-up work in the background done (settled) ${Math.round(performance.now() - startedAt)} ms after start`,
    );
  };
  return {
    /** Counts `work` as unfinished start-up work until it settles, either way (a failure is logged where it happens). */
    track(work: Promise<unknown>): void {
      pending++;
      void work
        .catch(() => undefined)
        .finally(() => {
          pending--;
          finish();
        });
    },
    /** Call once every piece of work of the start has been tracked. */
    allTracked(): void {
      allIn = true;
      finish();
    },
    get settled(): boolean {
      return announced;
    },
    close(): void {
      closed = true;
    },
  };
}
export type Settling = ReturnType<typeof settling>;
