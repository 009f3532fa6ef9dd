// Writes the demo province into an empty database, in the 2026 structure (communes, wards and an
// industrial-park union), with a change log dated over the past two years: a "create" entry per
// enterprise, the former district unions merged into today's units on 2025-07-01 (each moved
// enterprise logged, each unit's merge in the units' log), a few enterprises that ceased, and this
// year's targets of each unit and the province (demo-targets.ts).
// Reproducible: the same count gives the same province.
import { EDITABLE_FIELDS, type EnterpriseCreate } from "../../contract/enterprise.ts";
import type { Db } from "../db/database.ts";
import { SEQ_COUNTER, type Tx } from "../db/change-log.ts";
import { derivedColumns } from "../db/records.ts";
import { dayOf, endOfDay } from "../domain/calendar.ts";
import {
  DEMO_DISTRICTS,
  DEMO_FORMER_DISTRICTS,
  DEMO_PROVINCE,
  REORGANISED_ON,
  demoEnterprises,
} from "./demo-province.ts";
import { backdatedHistory } from "./backdated-history.ts";
import { demoTargets } from "./demo-targets.ts";
import { randomSource } from "./random.ts";

const CHUNK = 500;
const HISTORY_MS = 730 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export async function isEmpty(db: Db): Promise<boolean> {
  return (await db.district.count()) === 0;
}

interface SeedEntry {
  at: Date;
  /** The day the fact happened; default the day of `at`. */
  factDate?: string;
  /** Index in the enterprises list (its id is known once inserted). */
  index: number;
  source: string;
  action: "create" | "update";
  diff: Record<string, [unknown, unknown]>;
}

export async function seedDemo(
  db: Db,
  count: number,
  now = new Date(),
): Promise<{ districts: number; enterprises: number }> {
  const province = await db.province.create({ data: DEMO_PROVINCE });
  await db.district.createMany({
    data: [
      ...DEMO_FORMER_DISTRICTS.map((d) => ({
        code: d.code,
        name: d.name,
        kind: "DISTRICT",
        active: false,
        validTo: REORGANISED_ON,
        provinceId: province.id,
      })),
      ...DEMO_DISTRICTS.map((d) => ({
        code: d.code,
        name: d.name,
        kind: d.kind,
        validFrom: d.formerly.length ? REORGANISED_ON : null,
        provinceId: province.id,
      })),
    ],
  });
  const idOf = new Map(
    (await db.district.findMany({ where: { provinceId: province.id }, select: { id: true, code: true } })).map((d) => [
      d.code,
      d.id,
    ]),
  );
  const unitIds = DEMO_DISTRICTS.map((d) => idOf.get(d.code)!);
  const enterprises = demoEnterprises(count, unitIds);
  const start = now.getTime() - HISTORY_MS;
  const dateOf = (i: number) => new Date(start + Math.floor((HISTORY_MS * i) / Math.max(1, count)));
  // The first instant of the reorganisation day in Viet Nam.
  const reorganisedAt = new Date(endOfDay(REORGANISED_ON).getTime() - DAY_MS);

  const r = randomSource(20250701);
  const entries: SeedEntry[] = [];
  const finals: (EnterpriseCreate & { status: string; statusDate: string | null; version: number; at: Date })[] = [];
  const moved = new Map<number, number>(); // former unit id → enterprises moved out of it
  enterprises.forEach((e, index) => {
    const createdAt = dateOf(index);
    const unit = DEMO_DISTRICTS[unitIds.indexOf(e.districtId)]!;
    const final = { ...e, status: "ACTIVE", statusDate: null as string | null, version: 1, at: createdAt };
    if (createdAt < reorganisedAt && unit.formerly.length) {
      const former = idOf.get(r.pick(unit.formerly))!;
      entries.push({
        at: createdAt,
        index,
        source: "seed",
        action: "create",
        diff: createDiff({ ...e, districtId: former }),
      });
      entries.push({
        at: reorganisedAt,
        index,
        source: "reorganisation",
        action: "update",
        diff: { districtId: [former, e.districtId] },
      });
      moved.set(former, (moved.get(former) ?? 0) + 1);
      final.version++;
      final.at = reorganisedAt;
    } else entries.push({ at: createdAt, index, source: "seed", action: "create", diff: createDiff(e) });
    // A few enterprises ceased (giải thể) some months after they were registered.
    const age = now.getTime() - createdAt.getTime();
    if (age > 120 * DAY_MS && r.chance(0.02)) {
      const ceasedAt = new Date(createdAt.getTime() + 60 * DAY_MS + Math.floor(r.next() * (age - 90 * DAY_MS)));
      const statusDate = dayOf(ceasedAt);
      entries.push({
        at: ceasedAt,
        index,
        source: "seed",
        action: "update",
        diff: { status: ["ACTIVE", "CEASED"], statusDate: [null, statusDate] },
      });
      Object.assign(final, { status: "CEASED", statusDate, version: final.version + 1 });
      if (ceasedAt > final.at) final.at = ceasedAt;
    }
    finals.push(final);
  });
  // Earlier years entered late (backdated-history.ts): enterprises on the records before the
  // reorganisation carry Party work and initiatives dated 2020–2022.
  const early = backdatedHistory(
    entries
      .filter((e) => e.action === "create" && e.at < reorganisedAt)
      .map((e) => ({ ...enterprises[e.index]!, index: e.index, createdAt: e.at })),
  );
  for (const e of entries) if (e.action === "create") e.factDate = early.recordStart.get(e.index);
  for (const f of early.facts) {
    entries.push({ at: f.at, factDate: f.factDate, index: f.index, source: "seed", action: "update", diff: f.diff });
    const final = finals[f.index]!;
    for (const [k, [, v]] of Object.entries(f.diff)) Object.assign(final, { [k]: v });
    final.version++;
    if (f.at > final.at) final.at = f.at;
  }
  // Sequence numbers follow time, as they would have had the changes been made live.
  entries.sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);

  await db.$transaction(
    async (tx) => {
      const ids: number[] = [];
      for (let from = 0; from < finals.length; from += CHUNK) {
        const chunk = finals.slice(from, from + CHUNK);
        await tx.enterprise.createMany({
          data: chunk.map(({ at, ...e }, j) => ({
            ...e,
            ...derivedColumns(e),
            createdAt: dateOf(from + j),
            updatedAt: at,
            updatedBy: "seed",
          })),
        });
        const byTax = new Map(
          (
            await tx.enterprise.findMany({
              where: { taxCode: { in: chunk.map((e) => e.taxCode) } },
              select: { id: true, taxCode: true },
            })
          ).map((row) => [row.taxCode, row.id]),
        );
        chunk.forEach((e, j) => (ids[from + j] = byTax.get(e.taxCode)!));
      }
      for (let from = 0; from < entries.length; from += CHUNK)
        await tx.changeLog.createMany({
          data: entries.slice(from, from + CHUNK).map((e, j) => ({
            seq: from + j + 1,
            enterpriseId: ids[e.index]!,
            at: e.at,
            factDate: e.factDate ?? dayOf(e.at),
            actor: "seed",
            source: e.source,
            action: e.action,
            diff: JSON.stringify(e.diff),
          })),
        });
      await tx.counter.upsert({
        where: { name: SEQ_COUNTER },
        create: { name: SEQ_COUNTER, value: entries.length },
        update: { value: entries.length },
      });
      await tx.unitChange.createMany({ data: unitLog(idOf, moved, reorganisedAt) });
      await seedTargets(tx, finals, Number(dayOf(now).slice(0, 4)), now);
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
  return { districts: DEMO_DISTRICTS.length, enterprises: enterprises.length };
}

/** This year's targets of each unit and the province, from the active enterprises' figures, logged as the seed's. */
async function seedTargets(
  tx: Tx,
  finals: readonly (EnterpriseCreate & { status: string })[],
  year: number,
  at: Date,
): Promise<void> {
  const by = new Map<
    number,
    { districtId: number; enterprises: number; headcount: number; unionMembers: number; over25NoUnion: number }
  >();
  for (const e of finals) {
    if (e.status !== "ACTIVE") continue;
    const u = by.get(e.districtId) ?? {
      districtId: e.districtId,
      enterprises: 0,
      headcount: 0,
      unionMembers: 0,
      over25NoUnion: 0,
    };
    u.enterprises++;
    u.headcount += e.headcount;
    u.unionMembers += e.unionMembers;
    if (e.headcount >= 25 && !e.hasUnion) u.over25NoUnion++;
    by.set(e.districtId, u);
  }
  const targets = demoTargets([...by.values()].sort((a, b) => a.districtId - b.districtId));
  await tx.target.createMany({
    data: targets.map((t) => ({ ...t, year, scopeKey: t.districtId ?? 0, updatedAt: at, updatedBy: "seed" })),
  });
  await tx.targetChange.createMany({
    data: targets.map((t) => ({
      year,
      districtId: t.districtId,
      measure: t.measure,
      at,
      actor: "seed",
      source: "seed",
      oldValue: null,
      newValue: t.value,
    })),
  });
}

const createDiff = (e: EnterpriseCreate) =>
  Object.fromEntries(EDITABLE_FIELDS.map((k) => [k, [null, e[k]]])) as Record<string, [unknown, unknown]>;

/** The units' own log of the reorganisation: each new unit created, each former district merged into it. */
function unitLog(idOf: Map<string, number>, moved: Map<number, number>, at: Date) {
  const entry = (districtId: number, action: string, diff: unknown) => ({
    districtId,
    at,
    actor: "seed",
    action,
    diff: JSON.stringify(diff),
  });
  const out = [];
  for (const u of DEMO_DISTRICTS) {
    if (!u.formerly.length) continue;
    const id = idOf.get(u.code)!;
    const sources = u.formerly.map((c) => idOf.get(c)!);
    out.push(entry(id, "create", { code: [null, u.code], name: [null, u.name], kind: [null, u.kind] }));
    for (const s of sources) out.push(entry(s, "merge", { into: id, intoCode: u.code, effectiveDate: REORGANISED_ON }));
    out.push(
      entry(id, "merge", {
        sources,
        sourceCodes: [...u.formerly],
        effectiveDate: REORGANISED_ON,
        movedEnterprises: sources.reduce((n, s) => n + (moved.get(s) ?? 0), 0),
      }),
    );
  }
  return out;
}
