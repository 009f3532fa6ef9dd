// What an import accepts: the server enforces these, the import page states them.
export const IMPORT_LIMITS = {
  /** Upload size; larger bodies get 413. */
  maxBytes: 10 * 1024 * 1024,
  /** Data rows (the header not counted). */
  maxRows: 50_000,
  maxColumns: 60,
  /** Sum of the uncompressed sizes of an .xlsx's parts: more is refused as a zip bomb. */
  maxUnzippedBytes: 160 * 1024 * 1024,
  /** One part of an .xlsx unpacked (the sheet's XML is the largest: 50,000 full rows fit). */
  maxPartBytes: 128 * 1024 * 1024,
  /** Characters in one cell: Excel's own limit. */
  maxCellChars: 32_767,
  /** How long a dry run can be applied. */
  keepMinutes: 30,
} as const;
