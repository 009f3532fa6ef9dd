// Puts a backup back in place of the SQLite database, the server stopped:
//   npm run restore -- <backup file>
// Checks a copy of the backup first (integrity_check, a UnionPulse database whose migrations this
// version knows), refuses while a server has the database open, and keeps the replaced file as
// <database>.before-restore-<time>. The next start applies any newer migrations. Uses DATABASE_URL /
// DATA_DIR like the server. PostgreSQL is restored with pg_restore (README, Backups).
import path from "node:path";
import { loadConfig } from "../server/config.ts";
import { providerOf, sqliteFile } from "../server/db/database.ts";
import { restoreSqlite } from "../server/db/sqlite-backup.ts";

const [from, ...extra] = process.argv.slice(2);
if (!from || extra.length || from.startsWith("-")) {
  console.error("usage: npm run restore -- <backup file>");
  process.exit(2);
}
const { databaseUrl } = loadConfig();
if (providerOf(databaseUrl) === "postgres") {
  console.error(
    [
      "restore: DATABASE_URL is PostgreSQL; this script restores the SQLite file only. Use PostgreSQL's own tool:",
      '  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" <file>.dump',
      "(README, Backups).",
    ].join("\n"),
  );
  process.exit(2);
}

const target = sqliteFile(databaseUrl);
try {
  const done = restoreSqlite(path.resolve(from), target);
  if (done.replacedAside) console.log(`restore: the replaced database is kept as ${done.replacedAside}`);
  console.log(
    `restore: ${target} is now the backup ${from} (last change #${done.changeSeq ?? 0}, migration ${done.migrations.at(-1)}); ` +
      "the next start applies any newer migrations",
  );
} catch (e) {
  console.error(`restore: ${e instanceof Error ? e.message : String(e)}; nothing was changed`);
  process.exitCode = 1;
}
