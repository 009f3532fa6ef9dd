/// <reference types="vite/client" />
// Who is logged in: /api/me, the way to the login page when nobody is, and the header's user menu
// is in nav.ts. Every page but the login page and a wall with a token starts here.
import type { Me } from "../../contract/accounts.ts";
import { formatCount } from "./format.ts";
import { t } from "./i18n/index.ts";
import { allEdits } from "./offline/edit-queue.ts";
import { forgetDevice } from "./offline/forget.ts";

export function loginUrl(): string {
  return `/login.html?next=${encodeURIComponent(location.pathname + location.search)}`;
}

/** The logged-in account, or a redirect to the login page (the promise then never settles). */
export async function requireSession(): Promise<Me> {
  const res = await fetch("/api/me", { headers: { accept: "application/json" } });
  if (res.status === 401) {
    await res.text().catch(() => ""); // read to the end, so leaving the page aborts nothing
    location.replace(loginUrl());
    return new Promise<Me>(() => {});
  }
  if (!res.ok) throw new Error(`/api/me answered ${res.status}`);
  return (await res.json()) as Me;
}

/** Logs out and forgets what this device kept for the account (cached answers, queued edits): the
 *  next person on a shared phone sees none of it. Edits still waiting are lost, so it asks first. */
export async function logout(): Promise<void> {
  const waiting = (await allEdits().catch(() => [])).filter((e) => !e.rejected).length;
  if (waiting && !confirm(t("offline.logoutLoses", { count: formatCount(waiting) }))) return;
  const done = await fetch("/api/auth/logout", { method: "POST" }).catch(() => null);
  if (!done) {
    alert(t("offline.logoutNeedsConnection")); // still logged in on the server: nothing is forgotten yet
    return;
  }
  await forgetDevice();
  location.assign("/login.html");
}
