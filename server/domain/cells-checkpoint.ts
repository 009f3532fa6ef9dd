// The aggregate cells as stored in a checkpoint (the AggregatesCheckpoint row): the frozen columns
// (frozen-cells.ts) as JSON holding the texts and each typed column's bytes in base64 (encoding and
// decoding ~23,000 cells takes milliseconds, not the tenth of a second arrays of numbers in JSON took),
// read back only when every column has the right length and values; and the difference between two
// sets of cells in words (a checkpoint checked against a full count).
import { SUMS_LENGTH } from "./figures.ts";
import { FrozenCells, type FrozenCellsTransfer } from "./frozen-cells.ts";
import type { Dimensions } from "./filter.ts";

interface Stored {
  sumsLength: number;
  /** Typed arrays are stored in the machine's byte order: little-endian on every platform Node runs on. */
  littleEndian: boolean;
  texts: string[];
  districts: string;
  sectors: string;
  ownerships: string;
  sizes: string;
  masks: string;
  sums: string;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

export function encodeCells(frozen: FrozenCells): string {
  const c = frozen.columns;
  const stored: Stored = {
    sumsLength: SUMS_LENGTH,
    littleEndian: LITTLE_ENDIAN,
    texts: c.texts,
    districts: bytes(c.districts),
    sectors: bytes(c.sectors),
    ownerships: bytes(c.ownerships),
    sizes: bytes(c.sizes),
    masks: bytes(c.masks),
    sums: bytes(c.sums),
  };
  return JSON.stringify(stored);
}

/** The typed array of `length` elements in base64 text, or null when it has another size. */
function column<T>(text: unknown, per: number, length: number, make: (b: ArrayBuffer) => T): T | null {
  if (typeof text !== "string") return null;
  const b = Buffer.from(text, "base64");
  if (b.length !== per * length) return null;
  const copy = new ArrayBuffer(b.length); // aligned, and not Buffer's shared pool
  new Uint8Array(copy).set(b);
  return make(copy);
}

/** The cells of a stored checkpoint, or null when the text is not one (cut short, edited, another shape). */
export function decodeCells(text: string): FrozenCells | null {
  let s: Partial<Stored>;
  try {
    s = JSON.parse(text) as Partial<Stored>;
  } catch {
    return null;
  }
  if (typeof s !== "object" || s === null || s.sumsLength !== SUMS_LENGTH || s.littleEndian !== LITTLE_ENDIAN)
    return null;
  const texts = s.texts;
  if (!Array.isArray(texts) || !texts.every((t) => typeof t === "string") || typeof s.districts !== "string")
    return null;
  const n = Buffer.from(s.districts, "base64").length / 4;
  if (!Number.isInteger(n)) return null;
  const districts = column(s.districts, 4, n, (b) => new Int32Array(b));
  const sectors = column(s.sectors, 2, n, (b) => new Uint16Array(b));
  const ownerships = column(s.ownerships, 2, n, (b) => new Uint16Array(b));
  const sizes = column(s.sizes, 2, n, (b) => new Uint16Array(b));
  const masks = column(s.masks, 4, n, (b) => new Int32Array(b));
  const sums = column(s.sums, 8, n * SUMS_LENGTH, (b) => new Float64Array(b));
  if (!districts || !sectors || !ownerships || !sizes || !masks || !sums) return null;
  for (const codes of [sectors, ownerships, sizes]) if (codes.some((i) => i >= texts.length)) return null;
  if (!sums.every((x) => Number.isFinite(x))) return null;
  const columns: FrozenCellsTransfer = { texts, districts, sectors, ownerships, sizes, masks, sums };
  return new FrozenCells(columns);
}

const nameOf = (d: Dimensions) =>
  `unit ${d.districtId}, sector ${d.sector}, ownership ${d.ownership}, size ${d.size}, missing mask ${d.mask}`;

function byKey(frozen: FrozenCells): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (let i = 0; i < frozen.count; i++) {
    const d = frozen.dimensions(i, { districtId: 0, sector: "", ownership: "", size: "", mask: 0 });
    out.set(nameOf(d), frozen.sumsOf(i));
  }
  return out;
}

/** Null when both hold the same figures in every cell; else how many cells differ and the first few,
 *  e.g. "1 cell(s) differ: unit 7, sector C, …: sum 0 (0 = enterprises) 12 here, 11 counted". */
export function cellsDifference(here: FrozenCells, counted: FrozenCells): string | null {
  const a = byKey(here);
  const b = byKey(counted);
  const differing: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    let i = 0;
    while (i < SUMS_LENGTH && (x?.[i] ?? 0) === (y?.[i] ?? 0)) i++;
    if (i === SUMS_LENGTH) continue;
    differing.push(`${key}: sum ${i} (0 = enterprises) ${x?.[i] ?? 0} here, ${y?.[i] ?? 0} counted`);
  }
  if (differing.length === 0) return null;
  return `${differing.length} cell(s) differ: ${differing.slice(0, 3).join("; ")}${differing.length > 3 ? "; …" : ""}`;
}
