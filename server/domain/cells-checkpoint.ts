// The aggregate cells as stored in a checkpoint (the AggregatesCheckpoint row): compact JSON of the
// frozen columns (frozen-cells.ts), read back only when every column has the right length and type,
// and the difference between two sets of cells in words (a checkpoint checked against a full count).
import { SUMS_LENGTH } from "./figures.ts";
import { FrozenCells, type FrozenCellsTransfer } from "./frozen-cells.ts";
import type { Dimensions } from "./filter.ts";

interface Stored {
  sumsLength: number;
  texts: string[];
  districts: number[];
  sectors: number[];
  ownerships: number[];
  sizes: number[];
  masks: number[];
  sums: number[];
}

export function encodeCells(frozen: FrozenCells): string {
  const c = frozen.columns;
  const stored: Stored = {
    sumsLength: SUMS_LENGTH,
    texts: c.texts,
    districts: [...c.districts],
    sectors: [...c.sectors],
    ownerships: [...c.ownerships],
    sizes: [...c.sizes],
    masks: [...c.masks],
    sums: [...c.sums],
  };
  return JSON.stringify(stored);
}

const isIntArray = (a: unknown, n: number, max: number): a is number[] =>
  Array.isArray(a) && a.length === n && a.every((x) => Number.isInteger(x) && x >= 0 && x < max);

/** The cells of a stored checkpoint, or null when the text is not one (cut short, edited, another shape). */
export function decodeCells(text: string): FrozenCells | null {
  let s: Partial<Stored>;
  try {
    s = JSON.parse(text) as Partial<Stored>;
  } catch {
    return null;
  }
  if (typeof s !== "object" || s === null || s.sumsLength !== SUMS_LENGTH) return null;
  const { texts, districts } = s;
  if (!Array.isArray(texts) || !texts.every((t) => typeof t === "string") || texts.length > 65_535) return null;
  if (!Array.isArray(districts)) return null;
  const n = districts.length;
  if (!isIntArray(districts, n, 2 ** 31) || !isIntArray(s.masks, n, 2 ** 31)) return null;
  for (const k of ["sectors", "ownerships", "sizes"] as const) if (!isIntArray(s[k], n, texts.length)) return null;
  if (!Array.isArray(s.sums) || s.sums.length !== n * SUMS_LENGTH || !s.sums.every((x) => Number.isFinite(x)))
    return null;
  const columns: FrozenCellsTransfer = {
    texts,
    districts: Int32Array.from(districts),
    sectors: Uint16Array.from(s.sectors!),
    ownerships: Uint16Array.from(s.ownerships!),
    sizes: Uint16Array.from(s.sizes!),
    masks: Int32Array.from(s.masks!),
    sums: Float64Array.from(s.sums),
  };
  return new FrozenCells(columns);
}

const nameOf = (d: Dimensions) =>
  `unit ${d.districtId}, sector ${d.sector}, ownership ${d.ownership}, size ${d.size}, missing mask ${d.mask}`;

function byKey(frozen: FrozenCells): Map<string, { d: Dimensions; sums: Float64Array }> {
  const out = new Map<string, { d: Dimensions; sums: Float64Array }>();
  for (let i = 0; i < frozen.count; i++) {
    const d = frozen.dimensions(i, { districtId: 0, sector: "", ownership: "", size: "", mask: 0 });
    out.set(nameOf(d), { d, sums: frozen.sumsOf(i) });
  }
  return out;
}

const isZero = (s: Float64Array | undefined) => !s || s.every((x) => x === 0);

/** Null when both hold the same figures in every cell; else how many cells differ and the first few,
 *  e.g. "2 cells differ: unit 7, sector C, … enterprises 12 here, 11 counted". */
export function cellsDifference(here: FrozenCells, counted: FrozenCells): string | null {
  const a = byKey(here);
  const b = byKey(counted);
  const differing: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key)?.sums;
    const y = b.get(key)?.sums;
    if (isZero(x) && isZero(y)) continue;
    let i = 0;
    while (i < SUMS_LENGTH && (x?.[i] ?? 0) === (y?.[i] ?? 0)) i++;
    if (i === SUMS_LENGTH) continue;
    differing.push(`${key}: sum ${i} (0 = enterprises) ${x?.[i] ?? 0} here, ${y?.[i] ?? 0} counted`);
  }
  if (differing.length === 0) return null;
  return `${differing.length} cell(s) differ: ${differing.slice(0, 3).join("; ")}${differing.length > 3 ? "; …" : ""}`;
}
