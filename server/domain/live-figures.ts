// The figures of one filter (a live room's) kept up to date change by change: each change takes the
// enterprise's old contribution out of the room's own sums and puts the new one in, O(1), instead of
// summing every cell of the province for every batch. Built once from the cells (Aggregates.live).
import type { Filter } from "../../contract/filter.ts";
import type { Grouping, StatsBody } from "./aggregates.ts";
import type { Counted } from "./figures.ts";
import { dimensionMatcher, dimensionsOf } from "./filter.ts";
import { isCounted } from "./lifecycle.ts";

export class LiveFigures {
  private readonly matches: ReturnType<typeof dimensionMatcher>;

  constructor(
    readonly filter: Filter,
    private readonly sums: Grouping,
  ) {
    this.matches = dimensionMatcher(filter);
  }

  /** As Aggregates.apply: before = undefined for a new enterprise, after = undefined for a removed one. */
  apply(before: Counted | undefined, after: Counted | undefined): void {
    if (before && isCounted(before)) this.add(before, -1);
    if (after && isCounted(after)) this.add(after, 1);
  }

  private add(e: Counted, sign: 1 | -1) {
    const d = dimensionsOf(e);
    if (this.matches(d)) this.sums.addEnterprise(d, e, sign);
  }

  result(): StatsBody {
    return this.sums.result();
  }
}
