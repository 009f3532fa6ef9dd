// The import's dry run (the first of its two steps, ./import.ts): reads the file, checks every row
// against the database and the caller's rights, and keeps the plan in the database (PendingImport)
// for its apply. It needs nothing of this process but a database connection, so it runs in a thread
// of its own (./dry-run-threads.ts) as well as here.
import type { Enterprise, EnterpriseFields } from "../../contract/enterprise.ts";
import { dayOf } from "../domain/calendar.ts";
import { IMPORT_LIMITS, type DryRun, type ImportRow } from "../../contract/import.ts";
import { ValidationError } from "../domain/errors.ts";
import { problem } from "../../contract/errors.ts";
import {
  columnNamer,
  duplicateIssues,
  headerRowIndex,
  isEmptyRow,
  mapHeaders,
  markColumns,
  parseRow,
  planRow,
  styleOfRows,
  summaryOf,
  districtResolver,
  valuesAtVersion,
  type PlannedWrite,
} from "../domain/import-rows.ts";
import { canEdit, onlyFieldOf, type Actor } from "../domain/rights.ts";
import type { Db } from "../db/database.ts";
import { deletePendingOf, savePending } from "../db/pending-imports.ts";
import { updateDiffsOf } from "../db/change-log-queries.ts";
import { activeUnitRefs } from "../db/unit-queries.ts";
import { readSpreadsheet } from "./spreadsheet-file.ts";
import { mapInSlices } from "./slices.ts";
import { CHUNK, enterprisesWhere } from "./enterprises-in-chunks.ts";
import { columnMappingsOf, rememberColumnMappings } from "../db/column-mappings.ts";
import { type ColumnTarget } from "../../contract/import-fields.ts";
import { REQUIRED_ON_CREATE, templateHeaderOf } from "../domain/import-columns.ts";
import { plainWord } from "../domain/import-values.ts";

/** What a dry run keeps for its apply (as JSON in PendingImport.body). */
export interface StoredPlan {
  writes: PlannedWrite[];
  blocked: "errors" | "stale" | "columns" | null;
}
const KEEP_MS = IMPORT_LIMITS.keepMinutes * 60_000;

/** Reads `file`, checks every row against the database and `actor`'s rights, and keeps the plan for
 *  its apply (replacing this account's last one). `asked`: what the person says some columns of this
 *  file hold (checkMapping), remembered for next time. */
export async function dryRunOf(
  db: Db,
  actor: Actor,
  file: Buffer,
  asked: ReadonlyMap<string, ColumnTarget>,
): Promise<DryRun> {
  const grid = await readSpreadsheet(file);
  const all = grid.rows.map((r) => r.cells);
  const h = headerRowIndex(all);
  // The mapping asked for now, over the one this account left last time.
  const remembered = await columnMappingsOf(db, actor.userId);
  const headers = mapHeaders(all[h] ?? [], new Map([...remembered, ...asked]));
  const clash = headers.clashes.find((c) => asked.has(plainWord(c.header)));
  if (clash)
    throw new ValidationError(
      {
        [`mapping.${clash.header}`]: problem(
          "taken",
          undefined,
          `column "${clash.other}" is already imported as ${clash.field}`,
        ),
      },
      `Cột "${clash.header}" và cột "${clash.other}" cùng là "${templateHeaderOf(clash.field)}": hãy chọn trường khác hoặc bỏ qua một cột; không có gì được đọc`,
    );
  if (headers.problems.length)
    throw new ValidationError(
      { file: problem("bad_file", undefined, headers.problems.join("; ")) },
      headers.problems[0]!,
    );
  const data = grid.rows.slice(h + 1).filter((r) => !isEmptyRow(r.cells));
  if (data.length === 0)
    throw new ValidationError(
      { file: problem("bad_file", undefined, "Tệp không có dòng dữ liệu nào") },
      "Tệp không có dòng dữ liệu nào",
    );
  if (data.length > IMPORT_LIMITS.maxRows)
    throw new ValidationError(
      { file: problem("too_many", { max: IMPORT_LIMITS.maxRows }, "has too many rows") },
      `Tệp có hơn ${IMPORT_LIMITS.maxRows.toLocaleString("vi-VN")} dòng dữ liệu: hãy chia thành nhiều tệp`,
    );

  // Remembered for this account's next upload: only what it said about columns of this file.
  const inFile = new Set(headers.list.map((c) => plainWord(c.header)));
  await rememberColumnMappings(db, actor.userId, new Map([...asked].filter(([k]) => inFile.has(k))));

  // Enterprises go into the units of today; a retired unit's code is not offered.
  const districts = await activeUnitRefs(db);
  const ctx = {
    markColumns: markColumns(
      data.map((r) => r.cells),
      headers,
    ),
    districts,
    style: styleOfRows(
      data.map((r) => r.cells),
      headers,
      grid.separator,
    ),
  };
  const resolve = districtResolver(districts);
  const parsed = await mapInSlices(data, (r) => parseRow(r.cells, r.row, headers, ctx, resolve));
  const columnName = columnNamer(headers);
  duplicateIssues(parsed, columnName);

  const byId = new Map(
    (await enterprisesWhere(db, "id", [...new Set(parsed.flatMap((p) => (p.id ? [p.id] : [])))])).map((e) => [e.id, e]),
  );
  const byTax = new Map(
    (
      await enterprisesWhere(db, "taxCode", [
        ...new Set(parsed.flatMap((p) => (p.fields.taxCode ? [p.fields.taxCode] : []))),
      ])
    ).map((e) => [e.taxCode, e]),
  );
  const planCtx = {
    canEdit: (d: number) => canEdit(actor, d),
    onlyField: onlyFieldOf(actor),
    holderOfTaxCode: (t: string) => byTax.get(t),
    today: dayOf(new Date()),
    columnName,
  };

  const currentOf = (p: (typeof parsed)[number]) =>
    p.id !== undefined ? byId.get(p.id) : p.fields.taxCode !== undefined ? byTax.get(p.fields.taxCode) : undefined;
  const bases = await basesOf(
    db,
    parsed.flatMap((p) => {
      const current = currentOf(p);
      return current && p.version !== undefined && p.version < current.version && canEdit(actor, current.districtId)
        ? [{ current, version: p.version }]
        : [];
    }),
  );

  const planned = await mapInSlices(parsed, (p) => {
    const current = currentOf(p);
    return planRow(p, current, planCtx, current && bases.get(current.id));
  });
  const rows: ImportRow[] = planned.map((p) => p.result);
  const writes: PlannedWrite[] = planned.flatMap((p) => (p.write ? [p.write] : []));
  const summary = summaryOf(rows);
  const blocked = headers.doubled.length ? "columns" : summary.error ? "errors" : summary.stale ? "stale" : null;
  // One pending import per user: a new dry run replaces the last one (bounded storage).
  await deletePendingOf(db, "enterprises", actor.userId);
  const plan: StoredPlan = { writes, blocked };
  const { id, expiresAt } = await savePending(db, "enterprises", actor.userId, plan, KEEP_MS);
  return {
    importId: id,
    format: grid.format,
    expiresAt: expiresAt.toISOString(),
    applicable: blocked === null && writes.length > 0,
    summary,
    ignoredColumns: headers.ignored,
    columns: headers.list.map((c) => ({
      column: c.index + 1,
      header: c.header,
      field: c.field,
      how: c.how,
      ...(c.xMarks ? { xMarks: true } : {}),
    })),
    doubledColumns: headers.doubled,
    missingColumns: REQUIRED_ON_CREATE.filter(
      (f) => !headers.headerOf.has(f) && rows.some((r) => r.errors.some((e) => e.code === "required" && e.field === f)),
    ),
    rows,
  };
}

/** The values each enterprise had at the version a row was edited from, rebuilt from the change
 *  log (every accepted update adds one version and one entry). */
async function basesOf(
  db: Db,
  olds: { current: Enterprise; version: number }[],
): Promise<Map<number, EnterpriseFields>> {
  const out = new Map<number, EnterpriseFields>();
  for (let i = 0; i < olds.length; i += CHUNK) {
    const part = olds.slice(i, i + CHUNK);
    const entries = await updateDiffsOf(
      db,
      part.map((o) => o.current.id),
    );
    const byEnterprise = new Map<number, Record<string, [unknown, unknown]>[]>();
    for (const e of entries) {
      const list = byEnterprise.get(e.enterpriseId) ?? [];
      list.push(JSON.parse(e.diff) as Record<string, [unknown, unknown]>);
      byEnterprise.set(e.enterpriseId, list);
    }
    for (const { current, version } of part) {
      const later = (byEnterprise.get(current.id) ?? []).slice(0, current.version - version);
      if (later.length === current.version - version) out.set(current.id, valuesAtVersion(current, later));
    }
  }
  return out;
}
