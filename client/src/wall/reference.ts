// The province's name and districts, read once, and again until they arrive: a display started
// while the server was restarting must fill them in by itself. One retry timer, backing off.
import type { District } from "../../../contract/enterprise.ts";
import { api, type Province } from "../api.ts";

const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 30_000;

export interface Reference {
  /** Try now if not loaded yet (e.g. the live feed just came back). */
  retryNow(): void;
}

export function loadReference(onLoaded: (districts: District[], province: Province | null) => void): Reference {
  let loaded = false;
  let loading = false;
  let delay = FIRST_RETRY_MS;
  let timer: number | undefined;

  const load = async () => {
    window.clearTimeout(timer);
    if (loaded || loading) return;
    loading = true;
    try {
      const [districts, province] = await Promise.all([api.districts(), api.province()]);
      loaded = true;
      onLoaded(districts, province);
    } catch {
      timer = window.setTimeout(() => void load(), delay);
      delay = Math.min(MAX_RETRY_MS, delay * 2);
    } finally {
      loading = false;
    }
  };

  void load();
  return {
    retryNow: () => {
      delay = FIRST_RETRY_MS;
      void load();
    },
  };
}
