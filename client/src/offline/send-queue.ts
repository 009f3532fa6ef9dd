// Sends an account's queued edits in the order they were made, once the connection returns. A
// conflict stops the round (the editor opens the side-by-side view); a refused edit is kept, marked.
import type { Enterprise, EnterprisePatch } from "../../../contract/enterprise.ts";
import type { ApiError } from "../../../contract/errors.ts";
import { queuedEdits, removeEdit, updateEdit, type QueuedEdit } from "./edit-queue.ts";

export type SaveResult = { ok: true; enterprise: Enterprise } | { ok: false; status: number; error: ApiError["error"] };

export type SendOutcome =
  | { kind: "done"; sent: Enterprise[] }
  /** Someone saved the enterprise since the edit was made: the edit stays queued until resolved. */
  | { kind: "conflict"; sent: Enterprise[]; edit: QueuedEdit; result: SaveResult & { ok: false } }
  /** Still offline, the session ended, or the server is busy: the rest waits for the next try. */
  | { kind: "stopped"; sent: Enterprise[]; status: number };

/** Whether a refusal is final (the edit itself is wrong or not allowed), not a passing condition. */
const isRefusal = (status: number, error: ApiError["error"]) =>
  [400, 403, 404, 422].includes(status) || (status === 409 && !error.current);

let running: Promise<SendOutcome> | null = null;

/** One round at a time: a second call while one runs joins it. */
export function sendQueued(
  accountId: number,
  save: (id: number, patch: EnterprisePatch) => Promise<SaveResult>,
): Promise<SendOutcome> {
  running ??= sendRound(accountId, save).finally(() => {
    running = null;
  });
  return running;
}

async function sendRound(
  accountId: number,
  save: (id: number, patch: EnterprisePatch) => Promise<SaveResult>,
): Promise<SendOutcome> {
  const sent: Enterprise[] = [];
  for (;;) {
    // Read afresh each time: a send moves the later edits of the same enterprise on (below).
    const waiting = (await queuedEdits(accountId)).filter((e) => !e.rejected);
    const edit = waiting[0];
    if (!edit) return { kind: "done", sent };
    const result = await save(edit.enterpriseId, edit.patch);
    if (result.ok) {
      await removeEdit(edit.key!);
      sent.push(result.enterprise);
      // The officer's later edits of this enterprise were made on top of this one, on the same
      // version: they now apply to the version this send made, not against it.
      for (const later of waiting.slice(1))
        if (later.enterpriseId === edit.enterpriseId && later.patch.version === edit.patch.version)
          await updateEdit({ ...later, patch: { ...later.patch, version: result.enterprise.version } });
      continue;
    }
    if (result.status === 409 && result.error.current) return { kind: "conflict", sent, edit, result };
    if (isRefusal(result.status, result.error)) {
      await updateEdit({
        ...edit,
        rejected: { status: result.status, error: result.error },
      });
      continue;
    }
    return { kind: "stopped", sent, status: result.status };
  }
}
