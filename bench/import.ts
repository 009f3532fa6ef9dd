// Import: rows per second for a 20,000-row upload (CSV, every row an update found by its tax
// code), through the two steps a district union uses: dry run, then apply. Beside the same kind of
// edit sent one by one as PATCHes by 8 concurrent writers on the same server.
import type { ApplyResult, DryRun } from "../contract/import.ts";
import { editOnce, enterprisePool, login, type Session } from "./support/api.ts";
import type { BenchContext, Measurement } from "./support/context.ts";
import { startUnionPulse } from "./support/servers.ts";
import { ms, num } from "./support/stats.ts";
import { info } from "./support/table.ts";

const ROWS = 20_000;
const WRITERS = 8;

/** Tax codes as tests/support/bulk-load.ts writes them: the row number. */
const taxCodeOf = (id: number) => `38${String(id).padStart(8, "0")}`;

/** One more initiative for enterprises 1..rows, by tax code (the template's field names also work). */
function uploadFile(rows: number): Buffer {
  const lines = ["taxCode,initiatives"];
  for (let id = 1; id <= rows; id++) lines.push(`${taxCodeOf(id)},${1000 + (id % 97)}`);
  return Buffer.from(lines.join("\n") + "\n", "utf8");
}

async function post<T>(s: Session, path: string, body?: Buffer): Promise<T> {
  const res = await fetch(`${s.url}${path}`, {
    method: "POST",
    headers: { cookie: s.cookie, "content-type": "text/csv" },
    ...(body ? { body: new Uint8Array(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function onebyone(editor: Session, seconds: number): Promise<number> {
  const pool = await enterprisePool(editor, 400);
  const until = performance.now() + seconds * 1000;
  let accepted = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const mine = pool.filter((_, i) => i % WRITERS === w);
      for (let i = 0; performance.now() < until; i++)
        if ((await editOnce(editor, mine[i % mine.length]!)) === 200) accepted++;
    }),
  );
  return (accepted * 1000) / (performance.now() - t0);
}

export const importRows: Measurement = {
  name: "import",
  async run(ctx: BenchContext) {
    const rows = ctx.quick ? 2000 : ROWS;
    ctx.progress(`import: ${rows.toLocaleString("en-US")}-row CSV, dry run and apply`);
    const server = await startUnionPulse(await ctx.freshSqlite(rows));
    try {
      const editor = await login(server.url, "admin");
      const file = uploadFile(rows);
      const t0 = performance.now();
      const dry = await post<DryRun>(editor, "/api/import/dry-run", file);
      const t1 = performance.now();
      if (!dry.applicable || dry.summary.update !== rows)
        throw new Error(`dry run: ${JSON.stringify(dry.summary)}, applicable ${dry.applicable}`);
      const applied = await post<ApplyResult>(editor, `/api/import/${encodeURIComponent(dry.importId)}/apply`);
      const t2 = performance.now();
      if (applied.updated !== rows) throw new Error(`apply updated ${applied.updated} of ${rows}`);
      const perSecond = (rows * 1000) / (t2 - t0);
      const patches = await onebyone(editor, ctx.quick ? 2 : 5);
      return [
        info({
          measure: `Import, ${rows.toLocaleString("en-US")}-row CSV upload (dry run + apply)`,
          figure: `${num(perSecond)} rows/s (${ms(t1 - t0)} + ${ms(t2 - t1)})`,
          reference: `${num(patches)}/s as PATCHes`,
          ratio: `${(perSecond / patches).toFixed(1)}×`,
          target: "—",
        }),
      ];
    } finally {
      await server.close();
    }
  },
};
