// Import of an Excel or CSV file, in two steps. dryRun reads the file, checks every row against the
// database and the caller's rights, and keeps the plan (in memory, per user, for 30 minutes: a
// limitation of one process; behind several processes the apply must reach the same one).
// apply writes the plan in ONE transaction: versions re-checked inside it (a row changed since the
// dry run refuses the whole file), one block of sequence numbers, one change-log append, then the
// feed and the other processes hear every change at once, like any other write.
import { randomUUID } from "node:crypto";
import { EDITABLE_FIELDS, type Enterprise, type EnterpriseFields } from "../../contract/enterprise.ts";
import { IMPORT_LIMITS, type ApplyResult, type DryRun, type ImportRow, type StaleRow } from "../../contract/import.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../domain/errors.ts";
import { duplicateIssues, headerRowIndex, isEmptyRow, mapHeaders, parseRow, planRow, styleOfRows, summaryOf, districtResolver, type PlannedWrite } from "../domain/import-rows.ts";
import { canEdit, canEditSomething, requireEdit, type Actor } from "../domain/rights.ts";
import { ruleViolations } from "../domain/rules.ts";
import type { Db } from "../db/database.ts";
import { appendChanges, reserveSeq, type ChangeEntry, type Tx } from "../db/change-log.ts";
import { derivedColumns, toEnterprise } from "../db/records.ts";
import type { AppliedChange, ChangeFeed } from "./change-feed.ts";
import { importTemplate } from "./import-template.ts";
import { readSpreadsheet } from "./spreadsheet-file.ts";

interface StoredPlan {
  importId: string;
  userId: number;
  expiresAt: number;
  writes: PlannedWrite[];
  blocked: "errors" | "stale" | null;
}

/** Reads by id or tax code in chunks: SQLite and PostgreSQL both cap the parameters of one query. */
const CHUNK = 500;
async function enterprisesWhere(db: Db | Tx, key: "id" | "taxCode", values: (number | string)[]): Promise<Enterprise[]> {
  const out: Enterprise[] = [];
  for (let i = 0; i < values.length; i += CHUNK) {
    const part = values.slice(i, i + CHUNK);
    const rows = await db.enterprise.findMany({ where: { [key]: { in: part } } });
    out.push(...rows.map(toEnterprise));
  }
  return out;
}

export function importService(db: Db, feed: ChangeFeed, share: (changes: AppliedChange[]) => void = () => {}) {
  const plans = new Map<string, StoredPlan>();
  const sweep = () => { const now = Date.now(); for (const [k, p] of plans) if (p.expiresAt < now) plans.delete(k); };

  function keep(plan: StoredPlan) {
    sweep();
    // One pending import per user: a new dry run replaces the last one (bounded memory).
    for (const [k, p] of plans) if (p.userId === plan.userId) plans.delete(k);
    plans.set(plan.importId, plan);
  }

  return {
    /** The caller's editable enterprises as a pre-filled .xlsx (an administrator may pick districts). */
    template: (actor: Actor, districtIds?: number[]) => importTemplate(db, actor, districtIds),

    async dryRun(actor: Actor, file: Buffer): Promise<DryRun> {
      if (!canEditSomething(actor)) throw new ForbiddenError(actor.kind === "display" ? "A display token may only read" : "Your role may not edit enterprises");
      const grid = await readSpreadsheet(file);
      const all = grid.rows.map((r) => r.cells);
      const h = headerRowIndex(all);
      const headers = mapHeaders(all[h] ?? []);
      if (headers.problems.length) throw new ValidationError({ file: headers.problems.join("; ") }, headers.problems[0]!);
      const data = grid.rows.slice(h + 1).filter((r) => !isEmptyRow(r.cells));
      if (data.length === 0) throw new ValidationError({ file: "Tệp không có dòng dữ liệu nào" }, "Tệp không có dòng dữ liệu nào");
      if (data.length > IMPORT_LIMITS.maxRows) throw new ValidationError({ file: `tối đa ${IMPORT_LIMITS.maxRows} dòng` }, `Tệp có hơn ${IMPORT_LIMITS.maxRows.toLocaleString("vi-VN")} dòng`);

      const districts = await db.district.findMany({ select: { id: true, code: true, name: true } });
      const ctx = { districts, style: styleOfRows(data.map((r) => r.cells), headers, grid.separator) };
      const resolve = districtResolver(districts);
      const parsed = data.map((r) => parseRow(r.cells, r.row, headers, ctx, resolve));
      duplicateIssues(parsed);

      const byId = new Map((await enterprisesWhere(db, "id", [...new Set(parsed.flatMap((p) => (p.id ? [p.id] : [])))])).map((e) => [e.id, e]));
      const byTax = new Map((await enterprisesWhere(db, "taxCode", [...new Set(parsed.flatMap((p) => (p.fields.taxCode ? [p.fields.taxCode] : [])))])).map((e) => [e.taxCode, e]));
      const planCtx = { canEdit: (d: number) => canEdit(actor, d), holderOfTaxCode: (t: string) => byTax.get(t) };

      const rows: ImportRow[] = [];
      const writes: PlannedWrite[] = [];
      for (const p of parsed) {
        const current = p.id !== undefined ? byId.get(p.id) : p.fields.taxCode !== undefined ? byTax.get(p.fields.taxCode) : undefined;
        const { result, write } = planRow(p, current, planCtx);
        rows.push(result);
        if (write) writes.push(write);
      }
      const summary = summaryOf(rows);
      const blocked = summary.error ? "errors" : summary.stale ? "stale" : null;
      const plan: StoredPlan = { importId: randomUUID(), userId: actor.userId, expiresAt: Date.now() + IMPORT_LIMITS.keepMinutes * 60_000, writes, blocked };
      keep(plan);
      return {
        importId: plan.importId,
        format: grid.format,
        expiresAt: new Date(plan.expiresAt).toISOString(),
        applicable: blocked === null && writes.length > 0,
        summary,
        ignoredColumns: headers.ignored,
        rows,
      };
    },

    async apply(actor: Actor, importId: string): Promise<ApplyResult> {
      sweep();
      const plan = plans.get(importId);
      if (!plan || plan.userId !== actor.userId || actor.kind !== "user") throw new NotFoundError("Không tìm thấy lần nhập này (đã quá 30 phút hoặc đã được áp dụng): hãy tải tệp lên lại");
      if (plan.blocked === "errors") throw new ValidationError({ file: "có dòng lỗi" }, "Tệp còn dòng lỗi: hãy sửa rồi tải lên lại; không có gì được ghi");
      if (plan.blocked === "stale") throw new ConflictError("Có dòng đã bị người khác sửa sau khi bạn tải tệp mẫu: hãy tải lại tệp mẫu; không có gì được ghi");
      const changes = await db.$transaction((tx) => writePlan(tx, actor, plan.writes), { timeout: 120_000, maxWait: 15_000 });
      plans.delete(importId); // applied once: a second click cannot write it again
      feed.publish(changes);
      share(changes);
      const updated = changes.filter((c) => c.before).length;
      return { importId, created: changes.length - updated, updated, fromSeq: changes[0]?.seq ?? null, toSeq: changes.at(-1)?.seq ?? null };
    },
  };
}
export type ImportService = ReturnType<typeof importService>;

/** Everything the plan says, or nothing: throws (and the transaction rolls back) on the first problem. */
async function writePlan(tx: Tx, actor: Actor, writes: PlannedWrite[]): Promise<AppliedChange[]> {
  const updates = writes.filter((w): w is Extract<PlannedWrite, { kind: "update" }> => w.kind === "update");
  const creates = writes.filter((w): w is Extract<PlannedWrite, { kind: "create" }> => w.kind === "create");
  const current = new Map((await enterprisesWhere(tx, "id", updates.map((u) => u.id))).map((e) => [e.id, e]));

  const stale: StaleRow[] = [];
  for (const u of updates) {
    const e = current.get(u.id)!;
    if (e.version !== u.baseVersion) stale.push({ row: u.row, taxCode: u.taxCode, enterpriseId: u.id, version: u.baseVersion, currentVersion: e.version, updatedBy: e.updatedBy });
  }
  if (stale.length) throw staleError(stale);

  // Rights again, with the account as it is now, and the rules on the records as they are now.
  for (const u of updates) {
    const e = current.get(u.id)!;
    requireEdit(actor, e.districtId, ...(u.fields.districtId !== undefined ? [u.fields.districtId] : []));
    const bad = ruleViolations({ ...e, ...u.fields });
    if (Object.keys(bad).length) throw new ValidationError(bad, `Dòng ${u.row}: dữ liệu không hợp lệ`);
  }
  for (const c of creates) requireEdit(actor, c.fields.districtId);
  const taken = await enterprisesWhere(tx, "taxCode", [...creates.map((c) => c.fields.taxCode), ...updates.flatMap((u) => (u.fields.taxCode ? [u.fields.taxCode] : []))]);
  if (taken.length) throw new ConflictError(`Mã số thuế ${taken[0]!.taxCode} vừa được đăng ký cho doanh nghiệp khác: hãy tải tệp lên lại`, undefined, { taxCode: "is already registered to another enterprise" });

  const n = writes.length;
  if (n === 0) return [];
  const at = new Date();
  const logged = { actor: actor.name, actorUserId: actor.userId, source: "import" };
  const first = await reserveSeq(tx, n);
  const changes: AppliedChange[] = [];
  const entries: ChangeEntry[] = [];

  if (creates.length) {
    const made = await tx.enterprise.createManyAndReturn({
      data: creates.map((c) => ({ ...c.fields, ...derivedColumns(c.fields), createdAt: at, updatedAt: at, updatedBy: actor.name })),
    });
    const byTax = new Map(made.map((r) => [r.taxCode, toEnterprise(r)]));
    for (const c of creates) {
      const after = byTax.get(c.fields.taxCode)!;
      const seq = first + changes.length;
      changes.push({ seq, at, before: undefined, after });
      entries.push({ seq, enterpriseId: after.id, at, ...logged, action: "create", diff: diffOf(undefined, after) });
    }
  }
  for (const u of updates) {
    const before = current.get(u.id)!;
    const merged: EnterpriseFields = { ...before, ...u.fields };
    const { count } = await tx.enterprise.updateMany({
      where: { id: u.id, version: u.baseVersion },
      data: { ...u.fields, ...derivedColumns(merged), version: { increment: 1 }, updatedAt: at, updatedBy: actor.name },
    });
    // Another process (PostgreSQL runs writes side by side) saved between our read and our write.
    if (count === 0) throw staleError([{ row: u.row, taxCode: u.taxCode, enterpriseId: u.id, version: u.baseVersion, currentVersion: u.baseVersion + 1, updatedBy: "?" }]);
    const after: Enterprise = { ...before, ...u.fields, version: before.version + 1, updatedAt: at.toISOString(), updatedBy: actor.name };
    const seq = first + changes.length;
    changes.push({ seq, at, before, after });
    entries.push({ seq, enterpriseId: u.id, at, ...logged, action: "update", diff: diffOf(before, after) });
  }
  await appendChanges(tx, entries);
  return changes;
}

function diffOf(before: Enterprise | undefined, after: Enterprise): Record<string, [unknown, unknown]> {
  const diff: Record<string, [unknown, unknown]> = {};
  for (const k of EDITABLE_FIELDS) {
    const old = before ? before[k] : null;
    if (!before || old !== after[k]) diff[k] = [old, after[k]];
  }
  return diff;
}

function staleError(rows: StaleRow[]) {
  const list = rows.slice(0, 20).map((r) => `dòng ${r.row} (${r.taxCode})`).join(", ");
  return new ConflictError(`${rows.length} dòng đã bị sửa sau khi bạn tải tệp lên (${list}${rows.length > 20 ? ", …" : ""}): không có gì được ghi; hãy tải lại tệp mẫu`, { stale: rows }, { version: "is stale" });
}
