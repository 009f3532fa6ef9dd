// Shares the wall shows that the figures do not carry ready-made. Each is null when it has no
// denominator, which the screen shows as "—" rather than 0 %.
import type { Organisation } from "../../../contract/codes.ts";
import { ratio as share } from "../../../contract/density.ts";
import type { Figures } from "../../../contract/stats.ts";

/** Enterprises with 25+ workers that have a union: the federation's first target. */
export const over25UnionShare = (f: Figures) => share(f.over25 - f.over25NoUnion, f.over25);
export const withUnionShare = (f: Figures) => share(f.withUnion, f.enterprises);
/** Enterprises that have the organisation. */
export const organisationShare = (f: Figures, o: Organisation) => share(f.enterprises - f.missing[o], f.enterprises);
