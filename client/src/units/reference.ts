// A page's province and units: read once over HTTP, then kept current by the live `units` event
// (and read again after a reconnect, which may have missed one). Each update says whether the
// province is set up and, for a live change, the lists before and after, so the page can move a
// filter that named a unit merged or split away (follow-units.ts).
import type { District, Province } from "../../../contract/units.ts";
import { api, messageOf } from "../api.ts";
import type { Live } from "../live.ts";
import { isSetUp } from "../setup-notice.ts";

export interface UnitsUpdate {
  province: Province | null;
  /** Units active now, the ones filters and charts offer. */
  active: District[];
  /** Every unit the page knows, retired ones included once the live event has listed them. */
  all: District[];
  setUp: boolean;
  /** For a live change: the units before it, to follow a filter (null on a plain load). */
  before: District[] | null;
}

export function followReference(
  live: Live | null,
  onUpdate: (u: UnitsUpdate) => void | Promise<void>,
  onError: (message: string) => void,
): { load(): Promise<void> } {
  let all: District[] = [];
  const update = (province: Province | null, list: District[], before: District[] | null) => {
    all = list;
    const active = list.filter((d) => d.active !== false);
    return onUpdate({ province, active, all: list, setUp: isSetUp(province, active), before });
  };
  const load = async () => {
    try {
      // Retired units too: their names label history ("as the units were then", old changes).
      // Before the units API existed, a district had no `active`: every listed one is active.
      const [list, province] = await Promise.all([api.allDistricts(), api.province()]);
      await update(
        province,
        list.map((d) => ({ ...d, active: d.active ?? true })),
        null,
      );
    } catch (e) {
      onError(messageOf(e));
    }
  };
  live?.on("units", (payload) => void update(payload.province, payload.districts, all));
  live?.on("snapshot", ({ resync }) => {
    if (resync) void load();
  });
  return { load };
}
