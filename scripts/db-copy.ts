// Moves a whole installation from its SQLite database to an empty PostgreSQL database:
//   npm run db:copy -- --to postgresql://user@host:5432/unionpulse [--no-sessions]
// Migrates the target with this version's migrations, refuses one that already holds data, copies
// every table in one transaction, and moves the autoincrement sequences past the copied ids.
// --no-sessions leaves the logins behind (everyone signs in again). The source is DATABASE_URL /
// DATA_DIR like the server; stop the server first, or changes it accepts meanwhile stay behind.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../server/config.ts";
import { copySqliteToPostgres, tablesWithRows } from "../server/db/copy-to-postgres.ts";
import { connectPostgres } from "../server/db/postgres.ts";
import { migrate, providerOf, sqliteFile } from "../server/db/database.ts";
import { databaseInUse, Refused } from "../server/db/sqlite-backup.ts";

const usage = "usage: npm run db:copy -- --to postgresql://user@host:5432/database [--no-sessions]";
let args;
try {
  args = parseArgs({ options: { to: { type: "string" }, "no-sessions": { type: "boolean", default: false } } }).values;
} catch (e) {
  console.error(`${(e as Error).message}\n${usage}`);
  process.exit(2);
}
const to = args.to ?? "";
if (!/^postgres(ql)?:\/\//.test(to)) {
  console.error(`db:copy: --to must be a postgresql:// address\n${usage}`);
  process.exit(2);
}
const { databaseUrl } = loadConfig();
if (providerOf(databaseUrl) !== "sqlite") {
  console.error("db:copy: DATABASE_URL must name the SQLite database to copy from (file:…), not PostgreSQL");
  process.exit(2);
}
const source = sqliteFile(databaseUrl);
const where = (() => {
  const u = new URL(to);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`; // never the password
})();
const say = (line: string) => console.log(`db:copy: ${line}`);
let migrated = false;

try {
  if (!fs.existsSync(source)) throw new Refused(`there is no SQLite database at ${source}`);
  const running = databaseInUse(source);
  if (running)
    console.error(
      `db:copy: warning: ${source} is open in another program (a running server?); changes it accepts from now on will not be in the copy. Stop it first.`,
    );
  try {
    await migrate(databaseUrl); // the source at this version's schema, as the next start would make it
  } catch (e) {
    if (!running) throw e; // a running server has migrated it at its start
  }

  // Checked before migrating, so a refused target is not touched at all.
  const probe = await connectPostgres(to);
  try {
    const full = await tablesWithRows(probe);
    if (full.length)
      throw new Refused(
        `the PostgreSQL database ${where} already has data (in ${full.join(", ")}); db:copy only fills an empty database`,
      );
  } finally {
    await probe.end();
  }
  const applied = await migrate(to);
  migrated = true;
  say(`${where} migrated${applied.length ? ` (${applied.join(", ")})` : ", nothing to apply"}`);

  const started = Date.now();
  const report = await copySqliteToPostgres(source, to, {
    skip: args["no-sessions"] ? ["Session"] : [],
    log: say,
  });
  const rows = report.tables.reduce((n, t) => n + t.rows, 0);
  say(
    `copied ${rows.toLocaleString("en")} rows in ${report.tables.length} tables in ${((Date.now() - started) / 1000).toFixed(1)} s, in one transaction`,
  );
  for (const s of report.sequences) say(`next ${s.table}.${s.column}: ${s.next}`);
  say(`done. Start UnionPulse with DATABASE_URL=postgresql://…${new URL(to).pathname} to use it.`);
} catch (e) {
  const left = migrated ? "the copy was rolled back: the target has the schema and no data" : "nothing was written";
  console.error(`db:copy: ${e instanceof Error ? e.message : String(e)}; ${left}`);
  process.exitCode = 1;
}
