// The wall's targets from the data (issue 12 item 4): the year's union density target of the display's
// scope (its unit's, or the province's) replaces the default, unless the address sets ?targets=. Read
// at start (briefly: the wall never waits long for it) and again every so often, since a TV runs for
// weeks; the object is changed in place, so the tiles read the new target at their next render.
import type { TargetsProgress } from "../../../contract/targets.ts";
import { targetsApi } from "../targets/targets-api.ts";
import type { LiveFilter } from "../live.ts";
import type { Targets } from "./thresholds.ts";

const START_WAIT_MS = 4_000;
const REREAD_MS = 10 * 60_000;

/** The targets a display shows: the defaults, with the data's density target (in percent) as a ratio. */
export function targetsOfData(defaults: Targets, progress: TargetsProgress | null): Targets {
  const out: Targets = { ...defaults };
  const density = progress?.items.find((i) => i.measure === "density")?.target ?? null;
  if (density !== null) out.density = density / 100;
  return out;
}

async function read(filter: LiveFilter, waitMs: number): Promise<TargetsProgress | null> {
  const abort = new AbortController();
  const timer = window.setTimeout(() => abort.abort(), waitMs);
  try {
    return await targetsApi.progress(filter, abort.signal);
  } catch {
    return null; // the defaults (or what was shown) stay: a target is never worth a blank wall
  } finally {
    window.clearTimeout(timer);
  }
}

/** Fills `targets` from the data now and keeps it current; `changed` re-renders what is on screen. */
export async function followDataTargets(
  targets: Targets,
  filter: () => LiveFilter,
  changed: () => void,
): Promise<void> {
  const defaults = { ...targets };
  const apply = (p: TargetsProgress | null) => {
    const next = targetsOfData(defaults, p);
    for (const k of Object.keys(targets) as (keyof Targets)[]) if (!(k in next)) delete targets[k];
    Object.assign(targets, next);
    document.documentElement.dataset.targets = p ? "data" : "default";
  };
  apply(await read(filter(), START_WAIT_MS));
  window.setInterval(() => {
    void read(filter(), 30_000).then((p) => {
      if (!p) return;
      apply(p);
      changed();
    });
  }, REREAD_MS);
}
