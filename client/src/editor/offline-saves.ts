// The editor's side of working offline: a save that cannot reach the server is queued on the device
// (../offline/edit-queue.ts) and sent when the connection returns; the banner counts what waits.
import type { Me } from "../../../contract/accounts.ts";
import type { Enterprise, EnterprisePatch } from "../../../contract/enterprise.ts";
import { createOfflineBanner } from "../offline/banner.ts";
import { enqueue, onQueueChange, queuedEdits, removeEdit, type QueuedEdit } from "../offline/edit-queue.ts";
import { sendQueued, type SaveResult } from "../offline/send-queue.ts";

/** How often a waiting queue is tried again while the page stays open (besides the "online" event). */
const RETRY_MS = 30_000;

export interface OfflineHooks {
  save(id: number, patch: EnterprisePatch): Promise<SaveResult>;
  /** Edits were sent: the newest records. */
  sent(enterprises: Enterprise[]): void;
  /** A queued edit met a newer save: open the side-by-side view; await settled() once it is resolved or
   *  discarded (the edit then leaves the queue, before the choice is saved). */
  conflict(edit: QueuedEdit, result: SaveResult & { ok: false }, settled: () => Promise<void>): void;
  /** A refused edit back in the form, with its reasons. */
  open(edit: QueuedEdit): void;
  reason(edit: QueuedEdit): string;
}

/** The record with a queued patch applied (its version unchanged: the server has not seen it). */
export function withPatch(e: Enterprise, patch: EnterprisePatch): Enterprise {
  const changed = Object.entries(patch).filter(([k]) => k !== "version" && k in e);
  return { ...e, ...Object.fromEntries(changed) };
}

export function createOfflineSaves(me: Me, hooks: OfflineHooks) {
  const banner = createOfflineBanner({
    open: (edit) => {
      hooks.open(edit);
      void removeEdit(edit.key!);
    },
    discard: (edit) => void removeEdit(edit.key!),
    reason: hooks.reason,
  });
  const refresh = async () => banner.show(await queuedEdits(me.id));
  onQueueChange(() => void refresh());

  let conflictOpen = false;
  async function send(): Promise<void> {
    if (conflictOpen) return; // not navigator.onLine: it can say offline on a line that works
    const outcome = await sendQueued(me.id, hooks.save);
    if (outcome.sent.length) hooks.sent(outcome.sent);
    if (outcome.kind !== "conflict") return;
    conflictOpen = true;
    hooks.conflict(outcome.edit, outcome.result, async () => {
      await removeEdit(outcome.edit.key!);
      conflictOpen = false;
      void send(); // the edits queued after it
    });
  }
  window.addEventListener("online", () => void send());
  setInterval(() => void send(), RETRY_MS);

  return {
    element: banner.element,
    render: () => void refresh(),
    send,
    /** Keeps the edit on this device, in order, with the version it was made on. */
    queue: (base: Enterprise, patch: EnterprisePatch, mine: Record<string, unknown>) =>
      enqueue({ accountId: me.id, enterpriseId: base.id, name: base.name, patch, base, mine }),
    /** Whether edits of this enterprise wait: a new one joins them, so they reach the server in order. */
    waitsFor: async (id: number) => (await queuedEdits(me.id)).some((e) => e.enterpriseId === id && !e.rejected),
    /** The record as the officer left it: the server's (or the cached) one with his waiting edits on top. */
    async asLeft(e: Enterprise): Promise<Enterprise> {
      const mine = (await queuedEdits(me.id)).filter(
        (q) => q.enterpriseId === e.id && !q.rejected && q.patch.version === e.version,
      );
      return mine.reduce((acc, q) => withPatch(acc, q.patch), e);
    },
  };
}
