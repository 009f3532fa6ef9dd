// Union density (ILO): union members ÷ headcount, over the enterprises that have workers. One
// definition for the server (figures, exports) and the pages (tiles, tables, the wall).

/** A share a/b, or null when b is 0 (no denominator, no figure: never 0 % and never NaN). */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export const densityOf = (unionMembers: number, headcount: number) => ratio(unionMembers, headcount);
