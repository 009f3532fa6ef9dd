// What this device keeps for the account logged in (the API answers cached for offline use, the
// queued edits) is forgotten at logout, and other accounts' at a login: no one sees another's data.
import { clearEdits } from "./edit-queue.ts";

/** The service worker's cache of API answers (vite.config.ts, runtimeCaching). */
export const API_CACHE = "unionpulse-api";

export async function forgetCachedAnswers(): Promise<void> {
  if ("caches" in window) await caches.delete(API_CACHE).catch(() => false);
}

/** At logout: the cached answers and every queued edit. */
export async function forgetDevice(): Promise<void> {
  await forgetCachedAnswers();
  await clearEdits().catch(() => undefined);
}

/** At a login as accountId: the cached answers, and queued edits other than this account's own. */
export async function forgetOthers(accountId: number): Promise<void> {
  await forgetCachedAnswers();
  await clearEdits(accountId).catch(() => undefined);
}
