// Use cases on enterprises: read with filters, create, update with optimistic concurrency.
// Each write validates, saves the enterprise and its change-log entry in one transaction,
// then hands the accepted change to the feed (aggregates, live push) and shares it with the other
// server processes, if there are any.
import type { ClaimedSource } from "../../contract/change-log.ts";
import {
  EDITABLE_FIELDS,
  LIFECYCLE_FIELDS,
  type Enterprise,
  type EnterpriseCreate,
  type EnterpriseFields,
  type EnterprisePatch,
} from "../../contract/enterprise.ts";
import type { Filter } from "../../contract/filter.ts";
import type { Stats } from "../../contract/stats.ts";
import { ConflictError, NotFoundError, NotSetUpError, ValidationError } from "../domain/errors.ts";
import { requireCreate, requireEdit, requireFields, requireManage, type Actor } from "../domain/rights.ts";
import { statusChange } from "../domain/lifecycle.ts";
import { dayOf } from "../domain/calendar.ts";
import { factDateProblem } from "../domain/fact-date.ts";
import { ruleViolations } from "../../contract/rules.ts";
import { problem } from "../../contract/errors.ts";
import type { Db } from "../db/database.ts";
import { appendChanges, reserveSeq, type Tx } from "../db/change-log.ts";
import { recentChanges, recordStartOf } from "../db/change-log-queries.ts";
import { countedEnterprises, findEnterprise, listEnterprises } from "../db/enterprise-queries.ts";
import {
  editEnterprise,
  hasActiveUnit,
  insertEnterprise,
  isKnownDistrict,
  isTaxCodeTaken,
  liveEnterpriseIn,
  markErased,
  unitForRules,
  type PlannedEdit,
} from "../db/enterprise-writes.ts";
import { toEnterprise, type EnterpriseRow } from "../db/records.ts";
import type { AppliedChange, ChangeFeed } from "./change-feed.ts";

/** What the server itself knows a write came through (see contract/change-log.ts). */
export type ChangeSource = "session" | "display" | "import" | "seed" | "reorganisation";
/** Who writes (rights are checked against it; its name is logged), through what, and what the
 *  client claimed to be (logged beside the source, never in its place). */
export interface Author {
  actor: Actor;
  source: ChangeSource;
  claimedSource?: ClaimedSource | null;
}
const logged = (by: Author) => ({
  actor: by.actor.name,
  actorUserId: by.actor.kind === "user" ? by.actor.userId : null,
  source: by.source,
  claimedSource: by.claimedSource ?? null,
});

/** Ids a text search reads per query: each query scans at most this many rows. */
const ID_WINDOW = 20_000;

export function enterpriseService(db: Db, feed: ChangeFeed, share: (changes: AppliedChange[]) => void = () => {}) {
  return {
    list: (f: Filter, page: number, pageSize: number, sort: string) => listEnterprises(db, f, page, pageSize, sort),

    /** The latest accepted changes to enterprises under the filter, newest first (a wall display's ticker). */
    recentChanges: (f: Filter, limit: number) => recentChanges(db, f, limit),

    async get(id: number): Promise<Enterprise> {
      const e = await findEnterprise(db, id);
      if (!e) throw new NotFoundError(`Enterprise ${id} does not exist`);
      return e;
    },

    async stats(f: Filter): Promise<Stats> {
      if (!f.q) return feed.stats(f);
      // Text search cannot use the in-memory cells: sum the matching rows, read in windows of ids
      // (a rare word would otherwise scan the whole province in one query) with turns between.
      return feed.statsFromBatches(countedEnterprises(db, f, { idWindow: ID_WINDOW }), { ...f, q: undefined });
    },

    async create(input: EnterpriseCreate, by: Author): Promise<Enterprise> {
      requireCreate(by.actor, input.districtId);
      const { factDate = dayOf(new Date()), ...fields } = input;
      await checkFactDate(factDate);
      const change = await db.$transaction(async (tx) => {
        await checkRules(tx, fields, true);
        if (await isTaxCodeTaken(tx, input.taxCode)) throw taxCodeTaken(input.taxCode);
        const at = new Date();
        const created = await insertEnterprise(tx, fields, at, by.actor.name);
        const seq = await reserveSeq(tx, 1);
        const diff = Object.fromEntries(EDITABLE_FIELDS.map((k) => [k, [null, input[k]]])) as Record<
          string,
          [unknown, unknown]
        >;
        await appendChanges(tx, [
          { seq, enterpriseId: created.id, at, factDate, ...logged(by), action: "create", diff },
        ]);
        return { seq, at, before: undefined, after: created } satisfies AppliedChange;
      });
      feed.publish([change]);
      share([change]);
      return change.after;
    },

    async update(id: number, patch: EnterprisePatch, by: Author): Promise<Enterprise> {
      // Decided from the stored row inside the write's transaction; the checks that read other rows
      // (the record's start for a backdated fact, the unit, the tax code) are its lookups.
      const decide = (row: EnterpriseRow | null): PlannedEdit | null => {
        if (!row || row.erasedAt) throw new NotFoundError(`Enterprise ${id} does not exist`);
        const current = toEnterprise(row);
        // Rights before the version: an editor of another district learns nothing from a 409.
        // Moving an enterprise needs the right on the district it leaves and the one it joins.
        requireEdit(
          by.actor,
          current.districtId,
          ...(patch.districtId !== undefined && patch.districtId !== current.districtId ? [patch.districtId] : []),
        );
        // A partner changes its organisation's flag only: any other value that differs is named and refused.
        requireFields(by.actor, requestedChanges(current, patch));
        if (current.version !== patch.version) throw staleVersion(current, patch.version);
        const { version: _edited, status, statusDate, factDate: factDay, ...fields } = patch;
        const diff = diffOf(current, fields);
        const today = dayOf(new Date());
        const lifecycle = statusChange(current, { status, statusDate }, today);
        if ("problems" in lifecycle) throw new ValidationError(lifecycle.problems);
        for (const k of LIFECYCLE_FIELDS)
          if (lifecycle.next[k] !== current[k]) diff[k] = [current[k], lifecycle.next[k]];
        if (Object.keys(diff).length === 0) return null;
        // A status change happened on its statusDate unless the fact date says otherwise.
        const factDate = factDay ?? (diff.status || diff.statusDate ? lifecycle.next.statusDate : null) ?? today;
        checkFactDateNow(factDate, today);
        const merged = { ...current, ...fields, ...lifecycle.next };
        const backdated = factDate < today,
          moved = "districtId" in diff,
          retaxed = "taxCode" in diff;
        if (!backdated && !moved) checkRulesNow(merged); // else in the lookups, after the record's start
        const at = new Date();
        const changed = Object.fromEntries(Object.entries(diff).map(([k, [, v]]) => [k, v]));
        const entry = { enterpriseId: id, at, factDate, ...logged(by), action: "update" as const, diff };
        const lookups =
          backdated || moved || retaxed
            ? async (tx: Tx) => {
                await checkFactDate(factDate, tx, id);
                await checkRules(tx, merged, moved);
                if (retaxed && (await isTaxCodeTaken(tx, merged.taxCode))) throw taxCodeTaken(merged.taxCode);
              }
            : undefined;
        return { before: current, changed, merged, at, by: by.actor.name, entry, lookups };
      };
      const written = await editEnterprise(db, id, patch.version, decide, (current) =>
        staleVersion(current, patch.version),
      );
      if (!written) return this.get(id);
      const { seq, edit } = written;
      // The row as written, without reading it back: what it was, what changed, the next version.
      const after: Enterprise = {
        ...edit.before,
        ...(edit.changed as Partial<Enterprise>),
        version: edit.before.version + 1,
        updatedAt: edit.at.toISOString(),
        updatedBy: edit.by,
      };
      const change = { seq, at: edit.at, before: edit.before, after } satisfies AppliedChange;
      feed.publish([change]);
      share([change]);
      return change.after;
    },

    /** Erases a record created by mistake (administrators only): gone from every read and figure, its
     *  tax code freed, its history kept in the log with an "erase" entry. */
    async erase(id: number, by: Author): Promise<{ id: number; erased: true }> {
      requireManage(by.actor);
      await db.$transaction(async (tx) => {
        const current = await liveEnterpriseIn(tx, id);
        if (!current) throw new NotFoundError(`Enterprise ${id} does not exist`);
        const at = new Date();
        await markErased(tx, id, current.taxCode, at, by.actor.name);
        const seq = await reserveSeq(tx, 1);
        const diff = Object.fromEntries(
          [...EDITABLE_FIELDS, ...LIFECYCLE_FIELDS].map((k) => [k, [current[k], null]]),
        ) as Record<string, [unknown, unknown]>;
        await appendChanges(tx, [{ seq, enterpriseId: id, at, ...logged(by), action: "erase", diff }]);
      });
      // An erasure is rare: the figures are rebuilt from the database (clients hear it as a skipped
      // range and resubscribe); other processes notice the sequence gap and rebuild likewise.
      await feed.rebuild();

      return { id, erased: true };
    },
  };
}
export type EnterpriseService = ReturnType<typeof enterpriseService>;

/** Refuses a fact date in the future, before 2000 or (for an enterprise that exists) before its
 *  record began; the record's start is read only for a backdated fact. */
async function checkFactDate(day: string, tx?: Tx, enterpriseId?: number): Promise<void> {
  const today = dayOf(new Date());
  let problem = factDateProblem(day, today);
  if (!problem && tx && enterpriseId !== undefined && day < today) {
    const since = await recordStartOf(tx, enterpriseId);
    if (since) problem = factDateProblem(day, today, since);
  }
  if (problem) throw new ValidationError({ factDate: problem }, "The fact date is not valid");
}

/** Refuses a fact date in the future or before 2000 (what needs no read of the record's start). */
function checkFactDateNow(day: string, today: string): void {
  const problem = factDateProblem(day, today);
  if (problem) throw new ValidationError({ factDate: problem }, "The fact date is not valid");
}

/** checkRules for a record that stays in its unit: the rules on its own values only. */
function checkRulesNow(e: EnterpriseFields): void {
  const fields = ruleViolations(e);
  if (Object.keys(fields).length) throw new ValidationError(fields);
}

function taxCodeTaken(taxCode: string) {
  return new ConflictError(`Tax code ${taxCode} is already registered`, undefined, {
    taxCode: problem("taken", undefined, "is already registered to another enterprise"),
  });
}

function staleVersion(current: Enterprise, edited: number) {
  return new ConflictError(
    `Enterprise ${current.id} was changed by ${current.updatedBy} (version ${current.version}); you edited version ${edited}`,
    current,
    { version: problem("stale", { version: current.version }) },
  );
}

/** The fields a patch would change (its values that differ from the record's), lifecycle included. */
function requestedChanges(current: Enterprise, patch: EnterprisePatch): string[] {
  const keys = [...EDITABLE_FIELDS, ...LIFECYCLE_FIELDS] as const;
  return keys.filter((k) => patch[k] !== undefined && patch[k] !== current[k]);
}

function diffOf(current: Enterprise, fields: Partial<EnterpriseFields>): Record<string, [unknown, unknown]> {
  const diff: Record<string, [unknown, unknown]> = {};
  for (const k of EDITABLE_FIELDS) {
    const v = fields[k];
    if (v !== undefined && v !== current[k]) diff[k] = [current[k], v];
  }
  return diff;
}

async function checkRules(tx: Tx, e: EnterpriseFields, checkDistrict: boolean) {
  const fields = ruleViolations(e);
  if (checkDistrict) {
    const unit = await unitForRules(tx, e.districtId);
    if (!unit && !(await hasActiveUnit(tx)))
      throw new NotSetUpError("No unit is set up yet: an administrator sets up the province and its units first", {
        districtId: problem("invalid", undefined, "no unit is set up yet"),
      });
    if (!unit) fields.districtId = problem("unknown_district", { id: e.districtId });
    else if (!unit.active)
      fields.districtId = problem(
        "invalid",
        { code: unit.code },
        `unit ${unit.code} is retired: choose an active unit`,
      );
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
}
