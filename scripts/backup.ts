// A consistent copy of the SQLite database, safe while the server runs and writes:
//   npm run backup [-- --out ./backups] [--keep 30]
// Prints the new file's path on standard output (details on standard error), so a timer or cron job
// can pass it on. --keep N deletes all but the newest N backups in the directory. Uses
// DATABASE_URL / DATA_DIR like the server. PostgreSQL is backed up with pg_dump (README, Backups).
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../server/config.ts";
import { providerOf, sqliteFile } from "../server/db/database.ts";
import { backupSqlite, pruneBackups } from "../server/db/sqlite-backup.ts";

const usage = "usage: npm run backup [-- --out <directory, default ./backups>] [--keep <how many to keep>]";
let args;
try {
  args = parseArgs({ options: { out: { type: "string", default: "./backups" }, keep: { type: "string" } } }).values;
} catch (e) {
  console.error(`${(e as Error).message}\n${usage}`);
  process.exit(2);
}
const keep = args.keep === undefined ? null : Number(args.keep);
if (keep !== null && !(Number.isInteger(keep) && keep >= 1)) {
  console.error(`backup: --keep must be a whole number of at least 1, got "${args.keep}"\n${usage}`);
  process.exit(2);
}

const { databaseUrl } = loadConfig();
if (providerOf(databaseUrl) === "postgres") {
  console.error(
    [
      "backup: DATABASE_URL is PostgreSQL; this script copies the SQLite file only. Use PostgreSQL's own tool:",
      '  pg_dump --format=custom --file="unionpulse-$(date -u +%Y%m%dT%H%M%SZ).dump" "$DATABASE_URL"',
      "and pg_restore to put one back (README, Backups).",
    ].join("\n"),
  );
  process.exit(2);
}

try {
  const outDir = path.resolve(args.out);
  const made = await backupSqlite(sqliteFile(databaseUrl), outDir);
  console.error(
    `backup: ${(made.bytes / 1e6).toFixed(1)} MB, passes integrity_check, last change #${made.changeSeq ?? 0}, ` +
      `migration ${made.migrations.at(-1)}`,
  );
  if (keep !== null) for (const f of pruneBackups(outDir, keep)) console.error(`backup: deleted the older ${f}`);
  console.log(made.file);
} catch (e) {
  console.error(`backup: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
