// Work over many items (the rows of an upload) cut into slices with a turn of the event loop
// between them, so a large file does not hold live pushes and other people's requests meanwhile.
import { setImmediate as nextTurn } from "node:timers/promises";

/** Rows handled per slice: parsing and planning a row costs tens of µs, so a few ms a slice. */
export const SLICE = 250;

/** items.map(f), a slice at a time. */
export async function mapInSlices<T, R>(items: readonly T[], f: (item: T) => R, slice = SLICE): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += slice) {
    if (i > 0) await nextTurn();
    for (let j = i; j < Math.min(items.length, i + slice); j++) out.push(f(items[j]!));
  }
  return out;
}
