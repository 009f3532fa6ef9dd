// Bulk loading for the bench and the tests that need a big province: a demo province of any size
// written straight into a fresh database
// (migrated by the project's own migrator), far faster than seeding through the service. Same
// rows the seed would write: enterprises with their search and sort keys, a "create" change-log
// entry each, the changeSeq counter, and the demo accounts (through the account service, so
// passwords are hashed as the server expects): the server starts on it as on a demo it seeded.
import Database from "better-sqlite3";
import pg from "pg";
import { EDITABLE_FIELDS, type EnterpriseCreate } from "../../contract/enterprise.ts";
import { SEQ_COUNTER } from "../../server/db/change-log.ts";
import { migrate, openDatabase } from "../../server/db/database.ts";
import {
  ENTERPRISE_COLUMNS as WRITTEN_COLUMNS,
  enterpriseValues as writtenValues,
} from "../../server/db/bulk-writes.ts";
import { dayOf } from "../../server/domain/calendar.ts";
import { seedDemoAccounts } from "../../server/seed/demo-accounts.ts";
import { DEMO_DISTRICTS, DEMO_PROVINCE, demoEnterprise } from "../../server/seed/demo-province.ts";
import { accountService } from "../../server/services/accounts.ts";
import { randomSource } from "../../server/seed/random.ts";

const HISTORY_MS = 730 * 24 * 3600 * 1000;
// The server's own column list and values (server/db/bulk-writes.ts), with the id and createdAt.
const ENTERPRISE_COLUMNS = ["id", ...WRITTEN_COLUMNS, "createdAt"] as const;
const CHANGE_COLUMNS = ["seq", "enterpriseId", "at", "factDate", "actor", "source", "action", "diff"] as const;

interface DemoRow {
  id: number;
  e: EnterpriseCreate;
  at: Date;
}

/** count enterprises with ids 1..count in districts 1..9 (DEMO_DISTRICTS order), reproducibly. */
function* demoRows(count: number, now = Date.now()): Generator<DemoRow> {
  const r = randomSource(20261124);
  const weights = DEMO_DISTRICTS.map((d, i) => [i, d.weight] as const);
  const start = now - HISTORY_MS;
  for (let i = 0; i < count; i++) {
    const d = r.weighted(weights);
    // Unique without a set of a million strings: the row number is the tax code.
    const taxCode = `38${String(i + 1).padStart(8, "0")}`;
    yield {
      id: i + 1,
      e: demoEnterprise(r, d + 1, DEMO_DISTRICTS[d]!.park, taxCode),
      at: new Date(start + Math.floor((HISTORY_MS * i) / Math.max(1, count))),
    };
  }
}

const diffOf = (e: EnterpriseCreate) =>
  JSON.stringify(Object.fromEntries(EDITABLE_FIELDS.map((k) => [k, [null, e[k]]])));

function enterpriseValues(
  { id, e, at }: DemoRow,
  date: (d: Date) => string | Date,
  bool: (b: boolean) => number | boolean,
): unknown[] {
  const values = writtenValues(e, 1, at, "seed").map((v) =>
    v instanceof Date ? date(v) : typeof v === "boolean" ? bool(v) : v,
  );
  return [id, ...values, date(at)];
}

const changeValues = ({ id, e, at }: DemoRow, date: (d: Date) => string | Date) => [
  id,
  id,
  date(at),
  dayOf(at),
  "seed",
  "seed",
  "create",
  diffOf(e),
];

const quoted = (cols: readonly string[]) => cols.map((c) => `"${c}"`).join(", ");

/** A fresh SQLite database at `file` with `count` demo enterprises. With `changesPerEnterprise` > 1,
 *  each enterprise also has that many − 1 later updates (one initiative more each), dated evenly over
 *  the two years of history, so the log holds count × changesPerEnterprise entries (history bench). */
export async function bulkLoadSqlite(file: string, count: number, changesPerEnterprise = 1): Promise<string> {
  const url = `file:${file}`;
  await migrate(url);
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = OFF"); // a bench fixture: nothing to lose if the machine stops now
    db.pragma("cache_size = -400000");
    // As Prisma's SQLite adapter writes them: ISO text with +00:00, booleans as 0/1.
    const date = (d: Date) => d.toISOString().replace("Z", "+00:00");
    const bool = (b: boolean) => (b ? 1 : 0);
    const insertEnterprise = db.prepare(
      `INSERT INTO "Enterprise" (${quoted(ENTERPRISE_COLUMNS)}) VALUES (${ENTERPRISE_COLUMNS.map(() => "?").join(", ")})`,
    );
    const insertChange = db.prepare(
      `INSERT INTO "ChangeLog" (${quoted(CHANGE_COLUMNS)}) VALUES (${CHANGE_COLUMNS.map(() => "?").join(", ")})`,
    );
    db.transaction(() => {
      db.prepare(`INSERT INTO "Province" ("id", "code", "name") VALUES (1, ?, ?)`).run(
        DEMO_PROVINCE.code,
        DEMO_PROVINCE.name,
      );
      const district = db.prepare(`INSERT INTO "District" ("id", "code", "name", "provinceId") VALUES (?, ?, ?, 1)`);
      DEMO_DISTRICTS.forEach((d, i) => district.run(i + 1, d.code, d.name));
      const extra = Math.max(0, changesPerEnterprise - 1);
      const first = new Map<number, number>();
      for (const row of demoRows(count)) {
        insertEnterprise.run(
          enterpriseValues({ ...row, e: { ...row.e, initiatives: row.e.initiatives + extra } }, date, bool),
        );
        insertChange.run(changeValues(row, date));
        if (extra) first.set(row.id, row.e.initiatives);
      }
      let seq = count;
      const now = Date.now();
      for (let j = 0; j < extra; j++)
        for (let id = 1; id <= count; id++) {
          // Spread over the history in order: round j covers its share of the two years.
          const at = new Date(now - HISTORY_MS + Math.floor((HISTORY_MS * (j * count + id)) / (extra * count + 1)));
          const v = first.get(id)! + j;
          insertChange.run([
            ++seq,
            id,
            date(at),
            dayOf(at),
            "seed",
            "seed",
            "update",
            `{"initiatives":[${v},${v + 1}]}`,
          ]);
        }
      db.prepare(`INSERT INTO "Counter" ("name", "value") VALUES (?, ?)`).run(SEQ_COUNTER, seq);
    })();
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  await addDemoAccounts(url);
  return url;
}

async function addDemoAccounts(url: string) {
  const { db } = await openDatabase(url);
  try {
    await seedDemoAccounts(db, accountService(db));
  } finally {
    await db.$disconnect();
  }
}

/** The same rows into a fresh (just created, empty) PostgreSQL database, in multi-row INSERTs. */
export async function bulkLoadPostgres(url: string, count: number): Promise<void> {
  await migrate(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(`INSERT INTO "Province" ("id", "code", "name") VALUES (1, $1, $2)`, [
      DEMO_PROVINCE.code,
      DEMO_PROVINCE.name,
    ]);
    for (const [i, d] of DEMO_DISTRICTS.entries())
      await client.query(`INSERT INTO "District" ("id", "code", "name", "provinceId") VALUES ($1, $2, $3, 1)`, [
        i + 1,
        d.code,
        d.name,
      ]);
    const CHUNK = 1000;
    let enterprises: unknown[][] = [];
    let changes: unknown[][] = [];
    const flush = async () => {
      if (!enterprises.length) return;
      await insertMany(client, "Enterprise", ENTERPRISE_COLUMNS, enterprises);
      await insertMany(client, "ChangeLog", CHANGE_COLUMNS, changes);
      enterprises = [];
      changes = [];
    };
    for (const row of demoRows(count)) {
      enterprises.push(
        enterpriseValues(
          row,
          (d) => d,
          (b) => b,
        ),
      );
      changes.push(changeValues(row, (d) => d));
      if (enterprises.length === CHUNK) await flush();
    }
    await flush();
    await client.query(`INSERT INTO "Counter" ("name", "value") VALUES ($1, $2)`, [SEQ_COUNTER, count]);
    // Explicit ids leave the sequences behind: the next enterprise created must get count + 1.
    await client.query(`SELECT setval(pg_get_serial_sequence('"Enterprise"', 'id'), $1)`, [Math.max(1, count)]);
    await client.query(`SELECT setval(pg_get_serial_sequence('"District"', 'id'), 9)`);
    await client.query(`SELECT setval(pg_get_serial_sequence('"Province"', 'id'), 1)`);
    await client.query("COMMIT");
    await client.query(`ANALYZE`);
  } finally {
    await client.end();
  }
  await addDemoAccounts(url);
}

async function insertMany(client: pg.Client, table: string, columns: readonly string[], rows: unknown[][]) {
  const params: unknown[] = [];
  const tuples = rows.map(
    (r) =>
      `(${r
        .map((v) => {
          params.push(v);
          return `$${params.length}`;
        })
        .join(", ")})`,
  );
  await client.query(`INSERT INTO "${table}" (${quoted(columns)}) VALUES ${tuples.join(", ")}`, params);
}
