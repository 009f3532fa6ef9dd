// Keeps the dashboard's progress toward the year's targets current: read for the view's filter when it
// changes, and again a while after live changes (the year-so-far figures are rebuilt from the change
// log by the server, so not on every batch), never two reads at once.
import type { TargetsProgress } from "../../../contract/targets.ts";
import type { LiveFilter } from "../live.ts";
import { targetsApi } from "../targets/targets-api.ts";

/** After a live change, progress is read again at most this often. */
const AFTER_CHANGES_MS = 10_000;

export function followTargetProgress(show: (p: TargetsProgress | null) => void) {
  let filter: LiveFilter = {};
  let controller: AbortController | null = null;
  let timer: number | undefined;

  const load = async () => {
    controller?.abort();
    const mine = (controller = new AbortController());
    try {
      const p = await targetsApi.progress(filter, mine.signal);
      if (controller === mine) show(p);
    } catch {
      // Progress is a side note: a failed read leaves the tiles as they were (the status bar tells of outages).
    }
  };
  return {
    follow(next: LiveFilter) {
      filter = next;
      void load();
    },
    changed() {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        void load();
      }, AFTER_CHANGES_MS);
    },
  };
}
