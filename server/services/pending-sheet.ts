// What the units and targets sheets share between their dry run and their apply: the plan is kept
// in PendingImport (../db/pending-imports.ts) for 30 minutes, for any process; its apply finds the
// plan of the same account, refuses one that found errors, and takes it out inside the applying
// transaction, so a sheet is applied at most once.
import { problem } from "../../contract/errors.ts";
import { ConflictError, NotFoundError } from "../domain/errors.ts";
import type { Db } from "../db/database.ts";
import { deletePending, findPending, type PendingKind } from "../db/pending-imports.ts";

export const SHEET_KEEP_MS = 30 * 60_000;

/** The waiting plan `importId` of this account, checked free of row errors. */
export async function pendingSheetPlan<P extends { rows: readonly { action: string }[] }>(
  db: Db,
  importId: string,
  kind: PendingKind,
  userId: number,
): Promise<P> {
  const plan = (await findPending(db, importId, kind, userId)) as P | null;
  if (!plan) throw new NotFoundError(`No dry run ${importId} of yours is waiting (they are kept 30 minutes)`);
  const errors = plan.rows.filter((r) => r.action === "error").length;
  if (errors)
    throw new ConflictError(
      `The dry run found ${errors} row(s) with errors: correct the sheet and try again`,
      undefined,
      {
        file: problem("sheet_has_errors", { n: errors }),
      },
    );
  return plan;
}

/** Inside the apply's transaction: takes the plan out, or refuses when another apply took it first. */
export async function takePendingSheet(tx: Pick<Db, "pendingImport">, importId: string): Promise<void> {
  if (!(await deletePending(tx, importId))) throw new NotFoundError(`Dry run ${importId} was applied already`);
}
