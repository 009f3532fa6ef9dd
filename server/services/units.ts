// Use cases on the province and its units: set the province, create and rename units, merge,
// split and retire them. Each writes in one transaction, with the units' own change log; enterprises
// a merge or split moves get one ordinary change-log entry each (source "reorganisation"), so the
// feed, live clients and other processes see them like any edit. Only an administrator may do this.
import type {
  Province,
  District,
  NewUnit,
  ProvincePut,
  UnitCreate,
  UnitPatch,
  UnitMerge,
  UnitSplit,
} from "../../contract/units.ts";
import type { MergeResult, SplitResult, UnitHistoryEntry } from "../../contract/units.ts";
import type { Enterprise } from "../../contract/enterprise.ts";
import { dayOf } from "../domain/calendar.ts";
import { problem } from "../../contract/errors.ts";
import { ConflictError, NotFoundError, NotSetUpError, ValidationError } from "../domain/errors.ts";
import { requireManage, requireRead, type Actor } from "../domain/rights.ts";
import { codeProblem, mergeProblems, retireProblems, splitProblems } from "../domain/units.ts";
import { appendChanges, reserveSeq, type Tx } from "../db/change-log.ts";
import type { Db, Provider } from "../db/database.ts";
import { lockedEnterprisesOfUnits, lockedIdsOfUnit } from "../db/row-locks.ts";
import { toEnterprise, type EnterpriseRow } from "../db/records.ts";
import { appendUnitChanges, unitHistory, type UnitChangeEntry } from "../db/unit-changes.ts";
import { findProvince, findUnit, listUnits } from "../db/unit-queries.ts";
import {
  countEnterprisesOfUnit,
  editorsOfUnit,
  enterpriseIdsOfUnit,
  enterprisesToMove,
  insertUnit,
  moveEnterprisesTo,
  provinceIdOfCode,
  rescopeEditors,
  retireUnits,
  saveProvince,
  updateUnit,
} from "../db/unit-writes.ts";
import type { AppliedChange, ChangeFeed } from "./change-feed.ts";

export interface UnitServiceDeps {
  feed: ChangeFeed;
  /** Passes moved enterprises to the other processes (cluster), if any. */
  share: (changes: AppliedChange[]) => void;
  /** Tells every connected client (here and on other processes) that the province or units changed. */
  unitsChanged: () => void;
  now?: () => Date;
  /** On PostgreSQL a merge and a split lock the rows they move before anything else (row-locks.ts). */
  provider?: Provider;
}

const who = (by: Actor) => ({ actor: by.name, actorUserId: by.kind === "user" ? by.userId : null });

export function unitService(db: Db, deps: UnitServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const postgres = deps.provider === "postgres";

  /** Runs a write, then publishes the moved enterprises and tells clients about the units. */
  async function write<T>(work: (tx: Tx, at: Date) => Promise<{ result: T; moved: AppliedChange[] }>): Promise<T> {
    const { result, moved } = await db.$transaction((tx) => work(tx, now()), { timeout: 120_000, maxWait: 30_000 });
    if (moved.length) {
      deps.feed.publish(moved);
      deps.share(moved);
    }
    deps.unitsChanged();
    return result;
  }

  async function requireProvince(tx: Tx): Promise<Province> {
    const p = await findProvince(tx as unknown as Db);
    if (!p)
      throw new NotSetUpError("No province is set up yet: an administrator sets it first (PUT /api/province)", {
        province: problem("not_set_up"),
      });
    return p;
  }

  async function createUnit(tx: Tx, u: NewUnit, provinceId: number, validFrom: string | null, by: Actor, at: Date) {
    const unit = await insertUnit(tx, { code: u.code, name: u.name, kind: u.kind, validFrom, provinceId });
    const diff = { code: [null, u.code], name: [null, u.name], kind: [null, u.kind], validFrom: [null, validFrom] };
    await appendUnitChanges(tx, [{ districtId: unit.id, at, ...who(by), action: "create", diff }]);
    return unit;
  }

  return {
    async setProvince(by: Actor, input: ProvincePut): Promise<Province> {
      requireManage(by);
      const result = await write(async (tx) => {
        const current = await findProvince(tx as unknown as Db);
        const taken = await provinceIdOfCode(tx, input.code);
        if (taken !== null && taken !== current?.id)
          throw new ConflictError(`Province code ${input.code} is taken`, undefined, {
            code: problem("taken", undefined, "is already used"),
          });
        return { result: await saveProvince(tx, current?.id ?? null, input), moved: [] };
      });
      return result;
    },

    async history(by: Actor, id: number): Promise<UnitHistoryEntry[]> {
      requireRead(by);
      if (!(await findUnit(db, id))) throw new NotFoundError(`Unit ${id} does not exist`);
      return unitHistory(db, id);
    },

    async create(by: Actor, input: UnitCreate): Promise<District> {
      requireManage(by);
      return write(async (tx, at) => {
        const province = await requireProvince(tx);
        const units = await listUnits(tx as unknown as Db, true);
        const taken = codeProblem(input.code, units);
        if (taken) throw new ConflictError(`Unit code ${input.code} is taken`, undefined, { code: taken });
        if (input.validFrom && input.validFrom > dayOf(at))
          throw new ValidationError({ validFrom: problem("future", { today: dayOf(at) }) });
        return { result: await createUnit(tx, input, province.id, input.validFrom ?? null, by, at), moved: [] };
      });
    },

    async update(by: Actor, id: number, patch: UnitPatch): Promise<District> {
      requireManage(by);
      return write(async (tx, at) => {
        const units = await listUnits(tx as unknown as Db, true);
        const unit = units.find((u) => u.id === id);
        if (!unit) throw new NotFoundError(`Unit ${id} does not exist`);
        if (patch.code !== undefined) {
          const taken = codeProblem(patch.code, units, id);
          if (taken) throw new ConflictError(`Unit code ${patch.code} is taken`, undefined, { code: taken });
        }
        const diff: Record<string, [unknown, unknown]> = {};
        for (const k of ["code", "name", "kind"] as const)
          if (patch[k] !== undefined && patch[k] !== unit[k]) diff[k] = [unit[k], patch[k]];
        if (Object.keys(diff).length === 0) return { result: unit, moved: [] };
        const row = await updateUnit(tx, id, Object.fromEntries(Object.entries(diff).map(([k, [, v]]) => [k, v])));
        await appendUnitChanges(tx, [{ districtId: id, at, ...who(by), action: "update", diff }]);
        return { result: row, moved: [] };
      });
    },

    async merge(by: Actor, plan: UnitMerge): Promise<MergeResult> {
      requireManage(by);
      return write(async (tx, at) => {
        const province = await requireProvince(tx);
        const units = await listUnits(tx as unknown as Db, true);
        const problems = mergeProblems(plan, units, dayOf(at));
        if (Object.keys(problems).length) throw new ValidationError(problems, "The merge is not valid");
        const target =
          typeof plan.into === "number"
            ? units.find((u) => u.id === plan.into)!
            : await createUnit(tx, plan.into, province.id, plan.effectiveDate, by, at);
        const sources = plan.sourceIds.map((id) => units.find((u) => u.id === id)!);
        // The rows it moves, locked by id before anything else is written on them (row-locks.ts).
        const rows = postgres
          ? await lockedEnterprisesOfUnits(tx, plan.sourceIds, target.id)
          : await enterprisesToMove(tx, { districtId: { in: [...plan.sourceIds] } }, target.id);
        const moves = await moveEnterprises(tx, rows, target.id, at, by, plan.effectiveDate);
        const movedEditors = await rescopeEditors(tx, plan.sourceIds, target.id);
        const retired = await retireUnits(tx, plan.sourceIds, plan.effectiveDate);
        const log: UnitChangeEntry[] = sources.map((s) => ({
          districtId: s.id,
          at,
          ...who(by),
          action: "merge",
          diff: { into: target.id, intoCode: target.code, effectiveDate: plan.effectiveDate },
        }));
        log.push({
          districtId: target.id,
          at,
          ...who(by),
          action: "merge",
          diff: {
            sources: sources.map((s) => s.id),
            sourceCodes: sources.map((s) => s.code),
            effectiveDate: plan.effectiveDate,
            movedEnterprises: moves.length,
          },
        });
        await appendUnitChanges(tx, log);
        const moved = await logMoves(tx, moves, at, by); // the counter last
        return { result: { target, retired, movedEnterprises: moved.length, movedEditors }, moved };
      });
    },

    async split(by: Actor, id: number, plan: UnitSplit): Promise<SplitResult> {
      requireManage(by);
      return write(async (tx, at) => {
        const units = await listUnits(tx as unknown as Db, true);
        const unit = units.find((u) => u.id === id);
        if (!unit) throw new NotFoundError(`Unit ${id} does not exist`);
        // Every row it may move, locked by id before anything is written (row-locks.ts).
        const ofUnit = postgres ? await lockedIdsOfUnit(tx, id) : await enterpriseIdsOfUnit(tx, id);
        const problems = splitProblems(unit, plan.into, plan.effectiveDate, ofUnit, units, dayOf(at));
        if (Object.keys(problems).length) throw new ValidationError(problems, "The split is not valid");
        const created: District[] = [];
        const moves: Move[] = [];
        for (const part of plan.into) {
          const u = await createUnit(tx, part, unit.provinceId, plan.effectiveDate, by, at);
          created.push(u);
          if (part.enterpriseIds.length) {
            const rows = await enterprisesToMove(tx, { id: { in: [...part.enterpriseIds] } }, u.id);
            moves.push(...(await moveEnterprises(tx, rows, u.id, at, by, plan.effectiveDate)));
          }
        }
        const [retired] = await retireUnits(tx, [id], plan.effectiveDate);
        await appendUnitChanges(tx, [
          {
            districtId: id,
            at,
            ...who(by),
            action: "split",
            diff: {
              into: created.map((c) => c.id),
              intoCodes: created.map((c) => c.code),
              effectiveDate: plan.effectiveDate,
            },
          },
        ]);
        // Editors are listed, not given the new units: which part each one follows is the administrator's choice.
        const editors = await editorsOfUnit(tx, id);
        const moved = await logMoves(tx, moves, at, by); // the counter last
        return { result: { created, retired: retired!, editorsToReassign: editors }, moved };
      });
    },

    async retire(by: Actor, id: number, effectiveDate: string): Promise<District> {
      requireManage(by);
      return write(async (tx, at) => {
        const unit = await findUnit(tx as unknown as Db, id);
        if (!unit) throw new NotFoundError(`Unit ${id} does not exist`);
        const count = await countEnterprisesOfUnit(tx, id);
        const { conflict, problems } = retireProblems(unit, count, effectiveDate, dayOf(at));
        if (conflict) throw new ConflictError(Object.values(conflict)[0]!.reason, undefined, conflict);
        if (Object.keys(problems).length) throw new ValidationError(problems, "The retirement is not valid");
        const [retired] = await retireUnits(tx, [id], effectiveDate);
        await appendUnitChanges(tx, [{ districtId: id, at, ...who(by), action: "retire", diff: { effectiveDate } }]);
        return { result: retired!, moved: [] };
      });
    },
  };
}
export type UnitService = ReturnType<typeof unitService>;

/** A move written but not logged yet: its sequence number is taken last (logMoves). */
interface Move {
  before: Enterprise;
  to: number;
  factDate: string;
}

/** Moves these enterprises (read, or on PostgreSQL locked, in this transaction) into unit `to`, each
 *  one version further; dated (factDate) on the effective day when that has come, else today. */
async function moveEnterprises(
  tx: Tx,
  rows: readonly EnterpriseRow[],
  to: number,
  at: Date,
  by: Actor,
  effectiveDate: string,
): Promise<Move[]> {
  if (rows.length === 0) return [];
  const factDate = effectiveDate < dayOf(at) ? effectiveDate : dayOf(at);
  await moveEnterprisesTo(
    tx,
    rows.map((r) => r.id),
    to,
    at,
    by.name,
  );
  return rows.map((r) => ({ before: toEnterprise(r), to, factDate }));
}

/** One change-log entry per move, numbered in one block: the sequence counter is the last lock a
 *  reorganisation takes (held from here to the commit), as for every writer (db/row-locks.ts). */
async function logMoves(tx: Tx, moves: readonly Move[], at: Date, by: Actor): Promise<AppliedChange[]> {
  if (moves.length === 0) return [];
  const first = await reserveSeq(tx, moves.length);
  const changes: AppliedChange[] = moves.map(({ before, to }, i) => ({
    seq: first + i,
    at,
    before,
    after: { ...before, districtId: to, version: before.version + 1, updatedAt: at.toISOString(), updatedBy: by.name },
  }));
  for (let i = 0; i < changes.length; i += 5000)
    await appendChanges(
      tx,
      changes.slice(i, i + 5000).map((c, j) => ({
        seq: c.seq,
        enterpriseId: c.after.id,
        at,
        factDate: moves[i + j]!.factDate,
        ...who(by),
        source: "reorganisation",
        action: "update",
        diff: { districtId: [c.before!.districtId, c.after.districtId] },
      })),
    );
  return changes;
}
