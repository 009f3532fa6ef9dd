// One SQLite value as PostgreSQL takes it, by the target column's type. Prisma stores the same field
// differently on each: Boolean as 0/1 on SQLite and boolean on PostgreSQL; DateTime on SQLite as ISO
// text ("2026-11-30T09:27:44.455+00:00", adapter-better-sqlite3's default), or as milliseconds
// (its "unixepoch-ms" format), or as "2026-11-30 09:27:44" (a column's DEFAULT CURRENT_TIMESTAMP,
// UTC), and on PostgreSQL as timestamp(3) holding UTC.

export interface PgColumn {
  name: string;
  /** information_schema.columns.data_type, e.g. "boolean", "timestamp without time zone". */
  type: string;
  /** The sequence behind an autoincrement column, or null. */
  sequence: string | null;
}

const SQL_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(\.\d+)?)$/;

function instantOf(v: unknown): Date | null {
  if (typeof v === "number" || typeof v === "bigint") return new Date(Number(v));
  if (typeof v !== "string") return null;
  if (/^-?\d+$/.test(v)) return new Date(Number(v));
  const sql = SQL_TIMESTAMP.exec(v);
  return new Date(sql ? `${sql[1]}T${sql[2]}Z` : v);
}

/** `value` read from SQLite (integers as bigint), ready as a pg query parameter for column `col`. */
export function postgresValue(value: unknown, col: PgColumn, table: string): unknown {
  if (value === null || value === undefined) return null;
  const bad = (what: string) =>
    new Error(`${table}.${col.name}: ${JSON.stringify(String(value))} is not ${what} (PostgreSQL type ${col.type})`);
  switch (col.type) {
    case "boolean":
      if (typeof value === "bigint" || typeof value === "number") return value !== 0 && value !== 0n;
      if (value === "true" || value === "false") return value === "true";
      throw bad("a boolean");
    case "timestamp without time zone":
    case "timestamp with time zone":
    case "date": {
      const at = instantOf(value);
      if (!at || Number.isNaN(at.getTime())) throw bad("a date and time");
      const iso = at.toISOString(); // UTC, milliseconds: what timestamp(3) holds
      if (col.type === "date") return iso.slice(0, 10);
      return col.type === "timestamp with time zone" ? iso : iso.slice(0, 23).replace("T", " ");
    }
    case "text":
    case "character varying":
    case "character":
      return typeof value === "string" ? value : String(value);
    default:
      // Numbers (bigint is sent as its digits), JSON text, bytes (Buffer), enum labels: as they are.
      return value;
  }
}
