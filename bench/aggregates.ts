// Aggregate cost: applying one change to the in-memory figures with 100,000 and 1,000,000
// enterprises, beside recomputing them with a full SQL GROUP BY over the same table; and the
// figures of one live room per batch, kept change by change, beside summing every cell per batch.
import Database from "better-sqlite3";
import type { Counted } from "../server/domain/figures.ts";
import { Aggregates } from "../server/domain/aggregates.ts";
import { randomSource } from "../server/seed/random.ts";
import type { BenchContext, Measurement } from "./support/context.ts";
import { median, ms, ns, num, us } from "./support/stats.ts";
import { info, judged, type Row } from "./support/table.ts";

const COUNTED = [
  "districtId",
  "sector",
  "ownership",
  "headcount",
  "unionMembers",
  "hasUnion",
  "hasParty",
  "hasYouthUnion",
  "hasWomenUnion",
  "hasVeterans",
  "partyRecommended",
  "partyAdmitted",
  "initiatives",
] as const;

/** The same cells the aggregates keep (district, sector, ownership, size band, missing-organisation
 *  mask) with the same sums, computed by the database from every row. */
const GROUP_BY = `
  SELECT districtId, sector, ownership,
    CASE WHEN headcount < 25 THEN 0 WHEN headcount < 100 THEN 1 WHEN headcount < 500 THEN 2 WHEN headcount < 1000 THEN 3 ELSE 4 END AS size,
    (1 - hasUnion) | ((1 - hasParty) << 1) | ((1 - hasYouthUnion) << 2) | ((1 - hasWomenUnion) << 3) | ((1 - hasVeterans) << 4) AS mask,
    count(*), sum(headcount), sum(unionMembers), sum(CASE WHEN headcount > 0 THEN headcount END), sum(CASE WHEN headcount > 0 THEN unionMembers END),
    sum(hasUnion), sum(headcount >= 25), sum(headcount >= 25 AND NOT hasUnion), sum(partyRecommended), sum(partyAdmitted), sum(initiatives)
  FROM "Enterprise" GROUP BY 1, 2, 3, 4, 5`;

function readCounted(db: Database.Database): Counted[] {
  const rows = db.prepare(`SELECT ${COUNTED.map((c) => `"${c}"`).join(", ")} FROM "Enterprise"`).all() as Record<
    string,
    number | string
  >[];
  return rows.map((r) => ({
    districtId: r.districtId as number,
    sector: r.sector as string,
    ownership: r.ownership as string,
    headcount: r.headcount as number,
    unionMembers: r.unionMembers as number,
    hasUnion: r.hasUnion === 1,
    hasParty: r.hasParty === 1,
    hasYouthUnion: r.hasYouthUnion === 1,
    hasWomenUnion: r.hasWomenUnion === 1,
    hasVeterans: r.hasVeterans === 1,
    partyRecommended: r.partyRecommended as number,
    partyAdmitted: r.partyAdmitted as number,
    initiatives: r.initiatives as number,
  }));
}

/** Random edits of the kinds district unions send, as (before, after) pairs applied in order. */
function randomChanges(rows: Counted[], count: number): { before: Counted[]; after: Counted[] } {
  const r = randomSource(7);
  const before: Counted[] = new Array(count),
    after: Counted[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const i = r.int(0, rows.length - 1);
    const e = rows[i]!;
    const headcount = r.chance(0.3) ? Math.max(0, e.headcount + r.int(-3, 30)) : e.headcount;
    const next: Counted = {
      ...e,
      headcount,
      unionMembers: Math.min(headcount, Math.max(0, e.unionMembers + r.int(-2, 5))),
      hasUnion: r.chance(0.05) ? !e.hasUnion : e.hasUnion,
      hasYouthUnion: r.chance(0.05) ? !e.hasYouthUnion : e.hasYouthUnion,
      initiatives: e.initiatives + (r.chance(0.2) ? 1 : 0),
    };
    before[k] = e;
    after[k] = next;
    rows[i] = next;
  }
  return { before, after };
}

/** Changes per batch for the live room: about what 200 edits a second (the writes bench) coalesce into
 *  at 10 batches a second. */
const BATCH = 20;
/** The issue's target for the figures of one live room per batch at 1,000,000 enterprises. */
const LIVE_TARGET_US = 1000;

async function measureAt(ctx: BenchContext, n: number, changes: number, groupByRuns: number) {
  const db = new Database((await ctx.sharedSqlite(n)).slice("file:".length), { readonly: true });
  try {
    const groupBy = db.prepare(GROUP_BY);
    const groupByMs: number[] = [];
    for (let i = 0; i < groupByRuns; i++) {
      const t = performance.now();
      groupBy.all();
      groupByMs.push(performance.now() - t);
    }
    const rows = readCounted(db);
    const agg = new Aggregates();
    let t = performance.now();
    for (const e of rows) agg.apply(undefined, e);
    const buildMs = performance.now() - t;
    const { before, after } = randomChanges(rows, changes);
    const warm = Math.min(changes, 10_000);
    for (let k = 0; k < warm; k++) agg.apply(before[k], after[k]);
    t = performance.now();
    for (let k = warm; k < changes; k++) agg.apply(before[k], after[k]);
    const applyNs = ((performance.now() - t) * 1e6) / (changes - warm);
    // What each batch then costs per room: the figures for the dashboards' default view, summed
    // from every cell (the reference) or kept up to date from the batch's changes (a live room).
    t = performance.now();
    const queries = 200;
    for (let k = 0; k < queries; k++) agg.query({ nonState: true });
    const queryUs = ((performance.now() - t) * 1000) / queries;
    const room = agg.live({ nonState: true });
    const batches = Math.floor((changes - warm) / BATCH);
    const liveRuns: number[] = [];
    for (let run = 0; run < 5; run++) {
      t = performance.now();
      for (let b = 0; b < batches; b++) {
        for (let k = warm + b * BATCH, end = k + BATCH; k < end; k++) room.apply(before[k], after[k]);
        room.result();
      }
      liveRuns.push(((performance.now() - t) * 1000) / batches);
      // Undo, so every run plays the same batches on the same figures.
      for (let k = warm + batches * BATCH - 1; k >= warm; k--) room.apply(after[k], before[k]);
    }
    return { applyNs, groupByMs: median(groupByMs), buildMs, queryUs, liveUs: median(liveRuns), cells: agg.cellCount };
  } finally {
    db.close();
  }
}

export const aggregates: Measurement = {
  name: "aggregates",
  async run(ctx) {
    const sizes = ctx.quick ? [20_000, 100_000] : [100_000, 1_000_000];
    const changes = ctx.quick ? 100_000 : 1_000_000;
    const rows: Row[] = [];
    const results = [];
    for (const n of sizes) {
      ctx.progress(`aggregates: ${n.toLocaleString("en-US")} enterprises, ${changes.toLocaleString("en-US")} changes`);
      const r = await measureAt(ctx, n, changes, ctx.quick ? 2 : 5);
      results.push(r);
      const label = `${n.toLocaleString("en-US")} enterprises`;
      const ratio = (r.groupByMs * 1e6) / r.applyNs;
      const row = {
        measure: `Apply one change, ${label}`,
        figure: ns(r.applyNs),
        reference: `${ms(r.groupByMs)} SQLite GROUP BY`,
        target: "≥ 1,000× cheaper at 1,000,000",
      };
      rows.push(
        n === 1_000_000 ? judged(row, ratio, { min: 1000 }) : info({ ...row, ratio: `${num(ratio)}× cheaper` }),
      );
      rows.push(
        info({
          measure: `  figures for one room per batch, summing all ${r.cells.toLocaleString("en-US")} cells`,
          figure: us(r.queryUs),
          reference: `${ms(r.buildMs)} to build from all rows`,
          target: "—",
        }),
      );
      const live = {
        measure: `Figures of one live room per batch of ${BATCH} changes, ${label}`,
        figure: us(r.liveUs),
        reference: `${us(r.queryUs)} summing every cell`,
        target: `≤ ${us(LIVE_TARGET_US)}`,
      };
      rows.push(
        n === 1_000_000
          ? judged(live, r.liveUs, { max: LIVE_TARGET_US, absolute: true })
          : info({ ...live, ratio: `${num(r.queryUs / r.liveUs)}× cheaper` }),
      );
    }
    const [small, large] = [results[0]!, results[results.length - 1]!];
    rows.push(
      judged(
        {
          measure: `Apply one change: ${sizes.at(-1)!.toLocaleString("en-US")} vs ${sizes[0]!.toLocaleString("en-US")} enterprises`,
          figure: ns(large.applyNs),
          reference: ns(small.applyNs),
          target: "O(1): ≤ 2×",
        },
        large.applyNs / small.applyNs,
        { max: 2 },
      ),
    );
    return rows;
  },
};
