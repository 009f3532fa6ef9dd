// Import of an Excel or CSV file, in two steps. dryRun reads the file, checks every row against the
// database and the caller's rights, and keeps the plan in the database for 30 minutes (table
// PendingImport, one per user), so the apply may reach any process, after a restart too; it runs in
// a thread of its own where the server has one (./import-dry-run.ts, ./dry-run-threads.ts).
// apply writes the plan in ONE transaction: versions re-checked inside it on the rows as locked (a row
// changed since the dry run refuses the whole file), one block of sequence numbers, taken last, one
// change-log append, then the feed and the other processes hear every change at once, like any other
// write.
import { setImmediate as nextTurn } from "node:timers/promises";
import {
  EDITABLE_FIELDS,
  LIFECYCLE_FIELDS,
  type Enterprise,
  type EnterpriseFields,
} from "../../contract/enterprise.ts";
import { dayOf } from "../domain/calendar.ts";
import type { ApplyResult, StaleRow } from "../../contract/import.ts";
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from "../domain/errors.ts";
import { problem } from "../../contract/errors.ts";
import type { PlannedWrite } from "../domain/import-rows.ts";
import { canEditSomething, requireCreate, requireEdit, requireFields, type Actor } from "../domain/rights.ts";
import { ruleViolations } from "../../contract/rules.ts";
import type { Db, Provider } from "../db/database.ts";
import { insertChanges, insertEnterprises, updateEnterprises } from "../db/bulk-writes.ts";
import { reserveSeq, type ChangeEntry, type Tx } from "../db/change-log.ts";
import { deletePending, findPending } from "../db/pending-imports.ts";
import type { AppliedChange, ChangeFeed } from "./change-feed.ts";
import { importTemplate } from "./import-template.ts";
import { type ColumnTarget } from "../../contract/import-fields.ts";
import type { StoredPlan } from "./import-dry-run.ts";
import { inProcessDryRuns, type DryRuns } from "./dry-run-threads.ts";
import { enterprisesWhere } from "./enterprises-in-chunks.ts";
import { lockedEnterprises } from "../db/row-locks.ts";

const GONE = "Không tìm thấy lần nhập này (đã quá 30 phút hoặc đã được áp dụng): hãy tải tệp lên lại";
/** Changes per message to the other processes (see apply), and per slice of the feed and of the
 *  change-log entries made, with a turn of the event loop between two (see writePlan). */
const SHARE_SLICE = 1_000;

export function importService(
  db: Db,
  feed: ChangeFeed,
  share: (changes: AppliedChange[]) => void = () => {},
  provider: Provider = "sqlite",
  dryRuns: DryRuns = inProcessDryRuns(db),
) {
  /** Accounts with a dry run in progress (see dryRun). */
  const dryRunsRunning = new Set<string>();

  return {
    /** The caller's editable enterprises as a pre-filled .xlsx (an administrator may pick districts). */
    template: (actor: Actor, districtIds?: number[]) => importTemplate(db, actor, districtIds),

    /** The dry run's answer (DryRun) as UTF-8 JSON, made where `dryRuns` runs it (./import-dry-run.ts).
     *  `mapping`: what the person says some columns of this file hold (checkMapping), remembered for
     *  next time. `file` may be handed over to a thread: unusable afterwards. `signal`: the asker has
     *  gone; a dry run still queued is dropped. */
    async dryRun(
      actor: Actor,
      file: Buffer,
      mapping: ReadonlyMap<string, ColumnTarget> = new Map(),
      signal?: AbortSignal,
    ): Promise<Uint8Array> {
      if (!canEditSomething(actor))
        throw new ForbiddenError(
          actor.kind === "display" ? "A display token may only read" : "Your role may not edit enterprises",
        );
      // One dry run per account at a time: reading a large sheet takes memory and seconds, and a
      // person never needs two at once (the page sends one). A second gets 429 and may retry.
      const key = `${actor.kind}:${actor.kind === "user" ? actor.userId : actor.name}`;
      if (dryRunsRunning.has(key))
        throw new DomainError("RATE_LIMITED", "Một tệp khác của bạn đang được kiểm tra: hãy chờ nó xong rồi thử lại", {
          file: problem("busy"),
        });
      dryRunsRunning.add(key);
      try {
        return await dryRuns.run(actor, file, mapping, signal);
      } finally {
        dryRunsRunning.delete(key);
      }
    },

    async apply(actor: Actor, importId: string): Promise<ApplyResult> {
      const plan =
        actor.kind === "user"
          ? ((await findPending(db, importId, "enterprises", actor.userId)) as StoredPlan | null)
          : null;
      if (!plan) throw new NotFoundError(GONE);
      if (plan.blocked === "columns")
        throw new ValidationError(
          { file: problem("bad_file", undefined, "two columns give one field") },
          "Hai cột của tệp cùng là một trường: hãy chọn cho một cột trường khác hoặc Bỏ qua rồi xem trước lại; không có gì được ghi",
        );
      if (plan.blocked === "errors")
        throw new ValidationError(
          { file: problem("bad_file", undefined, "có dòng lỗi") },
          "Tệp còn dòng lỗi: hãy sửa rồi tải lên lại; không có gì được ghi",
        );
      if (plan.blocked === "stale")
        throw new ConflictError(
          "Có dòng đã bị người khác sửa sau khi bạn tải tệp mẫu: hãy tải lại tệp mẫu; không có gì được ghi",
        );
      let changes: AppliedChange[];
      try {
        changes = await db.$transaction(
          async (tx) => {
            // Taken in the same transaction as the writes: a second click, or the same apply on another
            // process, finds it gone and writes nothing; a failed write leaves it for a retry.
            if (!(await deletePending(tx, importId))) throw new NotFoundError(GONE);
            return writePlan(tx, provider, actor, plan.writes);
          },
          { timeout: 120_000, maxWait: 15_000 },
        );
      } catch (e) {
        // Refused (stale, rights, rules): a new dry run is needed. Anything else (database busy): retry allowed.
        if (e instanceof DomainError && !(e instanceof NotFoundError))
          await deletePending(db, importId).catch(() => false);
        throw e;
      }
      // To the feed and the other processes in slices: one message of 20,000 changes would be tens of MB
      // in Redis, and the feed's figures take ~10 ms per thousand. The feed applies changes in sequence
      // order, so an edit committed meanwhile waits in it for the rest of these.
      for (let i = 0; i < changes.length; i += SHARE_SLICE) {
        if (i > 0) await nextTurn();
        const slice = changes.slice(i, i + SHARE_SLICE);
        feed.publish(slice);
        share(slice);
      }
      const updated = changes.filter((c) => c.before).length;
      return {
        importId,
        created: changes.length - updated,
        updated,
        fromSeq: changes[0]?.seq ?? null,
        toSeq: changes.at(-1)?.seq ?? null,
      };
    },
  };
}
export type ImportService = ReturnType<typeof importService>;

/** Everything the plan says, or nothing: throws (and the transaction rolls back) on the first problem.
 *  The loop turns between its steps (and bulk-writes.ts between its statements): other requests go
 *  between them, never into the transaction (server/db/sqlite-outside-queries.ts on SQLite).
 *  Lock order (PostgreSQL), the one every writer keeps (server/db/row-locks.ts): the file's rows first,
 *  by id, read as locked, so the version check and the write see the same rows; then the new rows and
 *  the rewritten ones; the sequence counter last, for the change log alone. An edit (its row, then the
 *  counter) can then only wait for the apply, or the apply for it: never both. */
async function writePlan(tx: Tx, provider: Provider, actor: Actor, writes: PlannedWrite[]): Promise<AppliedChange[]> {
  const updates = writes.filter((w): w is Extract<PlannedWrite, { kind: "update" }> => w.kind === "update");
  const creates = writes.filter((w): w is Extract<PlannedWrite, { kind: "create" }> => w.kind === "create");
  const ids = updates.map((u) => u.id);
  const current = new Map(
    (provider === "postgres" ? await lockedEnterprises(tx, ids) : await enterprisesWhere(tx, "id", ids)).map((e) => [
      e.id,
      e,
    ]),
  );

  await nextTurn();
  // Rights again first, with the account as it is now (a 409 tells nothing about another district).
  for (const u of updates)
    requireEdit(
      actor,
      current.get(u.id)!.districtId,
      ...(u.fields.districtId !== undefined ? [u.fields.districtId] : []),
    );
  for (const u of updates) requireFields(actor, Object.keys(u.fields));
  for (const c of creates) requireCreate(actor, c.fields.districtId);

  const stale: StaleRow[] = [];
  for (const u of updates) {
    const e = current.get(u.id)!;
    if (e.version !== u.baseVersion)
      stale.push({
        row: u.row,
        taxCode: u.taxCode,
        enterpriseId: u.id,
        version: u.baseVersion,
        currentVersion: e.version,
        updatedBy: e.updatedBy,
      });
  }
  if (stale.length) throw staleError(stale);
  await nextTurn();
  // Versions unchanged since the dry run: the records are the ones its rules were checked on; check again anyway.
  for (const u of updates) {
    const bad = ruleViolations({ ...current.get(u.id)!, ...u.fields });
    if (Object.keys(bad).length) throw new ValidationError(bad, `Dòng ${u.row}: dữ liệu không hợp lệ`);
  }
  const taken = await enterprisesWhere(tx, "taxCode", [
    ...creates.map((c) => c.fields.taxCode),
    ...updates.flatMap((u) => (u.fields.taxCode ? [u.fields.taxCode] : [])),
  ]);
  if (taken.length)
    throw new ConflictError(
      `Mã số thuế ${taken[0]!.taxCode} vừa được đăng ký cho doanh nghiệp khác: hãy tải tệp lên lại`,
      undefined,
      { taxCode: problem("taken", undefined, "is already registered to another enterprise") },
    );

  const n = writes.length;
  if (n === 0) return [];
  const at = new Date();
  const logged = { actor: actor.name, actorUserId: actor.userId, source: "import" };
  /** The changes in sequence order (creates, then updates), numbered once the counter is taken. */
  const made: { change: Omit<AppliedChange, "seq">; entry: Omit<ChangeEntry, "seq"> }[] = [];

  if (creates.length) {
    await insertEnterprises(
      tx,
      provider,
      creates.map((c) => c.fields),
      at,
      actor.name,
    );
    const byTax = new Map(
      (
        await enterprisesWhere(
          tx,
          "taxCode",
          creates.map((c) => c.fields.taxCode),
        )
      ).map((e) => [e.taxCode, e]),
    );
    for (const c of creates) {
      const after = byTax.get(c.fields.taxCode)!;
      made.push({
        change: { at, before: undefined, after },
        entry: {
          enterpriseId: after.id,
          at,
          factDate: c.factDate ?? dayOf(at),
          ...logged,
          action: "create",
          diff: diffOf(undefined, after),
        },
      });
    }
  }
  const rewritten = updates.map((u) => {
    const before = current.get(u.id)!;
    return { u, before, merged: { ...before, ...u.fields } as EnterpriseFields };
  });
  // The version check is in the statement too. On PostgreSQL the rows are locked since they were read,
  // so it cannot miss; on SQLite nobody else writes meanwhile. Kept as the last guard: a row it misses
  // rolls everything back.
  if (!(await updateEnterprises(tx, provider, rewritten, at, actor.name))) {
    const now = new Map((await enterprisesWhere(tx, "id", ids)).map((e) => [e.id, e]));
    throw staleError(
      rewritten
        .filter(({ before }) => now.get(before.id)?.version !== before.version + 1)
        .map(({ u, before }) => ({
          row: u.row,
          taxCode: u.taxCode,
          enterpriseId: u.id,
          version: u.baseVersion,
          currentVersion: now.get(before.id)?.version ?? before.version,
          updatedBy: now.get(before.id)?.updatedBy ?? "?",
        })),
    );
  }
  for (const [i, { u, before, merged }] of rewritten.entries()) {
    if (i > 0 && i % SHARE_SLICE === 0) await nextTurn(); // the diffs of 20,000 rows are ~100 ms
    const after: Enterprise = {
      ...before,
      ...merged,
      version: before.version + 1,
      updatedAt: at.toISOString(),
      updatedBy: actor.name,
    };
    made.push({
      change: { at, before, after },
      entry: {
        enterpriseId: u.id,
        at,
        factDate: u.factDate ?? dayOf(at),
        ...logged,
        action: "update",
        diff: diffOf(before, after),
      },
    });
  }
  // The counter last: held from here to the commit, while the change log is written.
  const first = await reserveSeq(tx, n);
  const changes = made.map(({ change }, i): AppliedChange => ({ seq: first + i, ...change }));
  await insertChanges(
    tx,
    provider,
    made.map(({ entry }, i): ChangeEntry => ({ seq: first + i, ...entry })),
  );
  return changes;
}

function diffOf(before: Enterprise | undefined, after: Enterprise): Record<string, [unknown, unknown]> {
  const diff: Record<string, [unknown, unknown]> = {};
  for (const k of [...EDITABLE_FIELDS, ...LIFECYCLE_FIELDS]) {
    if (!before && k === "status" && after.status === "ACTIVE") continue; // a plain create, as before
    if (!before && k === "statusDate" && after.statusDate === null) continue;
    const old = before ? before[k] : null;
    if (!before || old !== after[k]) diff[k] = [old, after[k]];
  }
  return diff;
}

function staleError(rows: StaleRow[]) {
  const list = rows
    .slice(0, 20)
    .map((r) => `dòng ${r.row} (${r.taxCode})`)
    .join(", ");
  return new ConflictError(
    `${rows.length} dòng đã bị sửa sau khi bạn tải tệp lên (${list}${rows.length > 20 ? ", …" : ""}): không có gì được ghi; hãy tải lại tệp mẫu`,
    { stale: rows },
    { version: problem("stale", undefined, "is stale") },
  );
}
