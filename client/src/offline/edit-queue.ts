// The edits an officer made while offline, kept in IndexedDB (idb) in the order made, each with the
// version it was made on, until the server has them: they survive a reload or a closed tab.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { Enterprise, EnterprisePatch } from "../../../contract/enterprise.ts";
import type { ApiError } from "../../../contract/errors.ts";

export interface QueuedEdit {
  /** Assigned by IndexedDB, rising: the order the edits were made in. */
  key?: number;
  /** Whose edit: only that account sends it or sees it counted. */
  accountId: number;
  enterpriseId: number;
  name: string;
  /** The changed fields and the version they were made on (and factDate when the form sends it). */
  patch: EnterprisePatch;
  /** The record as the officer saw it, and the form's values: the two sides a conflict view needs. */
  base: Enterprise;
  mine: Record<string, unknown>;
  queuedAt: string;
  /** The server refused it (not a conflict): kept and shown until the officer opens or discards it. */
  rejected?: { status: number; error: ApiError["error"] };
}

interface OfflineDb extends DBSchema {
  edits: { key: number; value: QueuedEdit };
}

const DB_NAME = "unionpulse-offline";
let opened: Promise<IDBPDatabase<OfflineDb>> | null = null;
const db = () =>
  (opened ??= openDB<OfflineDb>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore("edits", { keyPath: "key", autoIncrement: true });
    },
  }));

const listeners = new Set<() => void>();
/** Called after every change to the queue (the banner's count). */
export function onQueueChange(l: () => void): void {
  listeners.add(l);
}
const changed = () => {
  for (const l of listeners) l();
};

export async function enqueue(edit: Omit<QueuedEdit, "key" | "queuedAt">): Promise<void> {
  await (await db()).add("edits", { ...edit, queuedAt: new Date().toISOString() });
  changed();
}

/** The account's queued edits, oldest first. */
export async function queuedEdits(accountId: number): Promise<QueuedEdit[]> {
  return (await (await db()).getAll("edits")).filter((e) => e.accountId === accountId);
}

/** Every account's queued edits on this device. */
export async function allEdits(): Promise<QueuedEdit[]> {
  return (await db()).getAll("edits");
}

export async function removeEdit(key: number): Promise<void> {
  await (await db()).delete("edits", key);
  changed();
}

export async function updateEdit(edit: QueuedEdit): Promise<void> {
  await (await db()).put("edits", edit);
  changed();
}

/** Everything queued, whoever's (at logout; at a login, other accounts' edits). */
export async function clearEdits(keepAccountId?: number): Promise<void> {
  const d = await db();
  for (const e of await d.getAll("edits")) if (e.accountId !== keepAccountId) await d.delete("edits", e.key!);
  changed();
}
