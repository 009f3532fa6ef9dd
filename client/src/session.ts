/// <reference types="vite/client" />
// Who is logged in: /api/me, the way to the login page when nobody is, and the header's user menu
// is in nav.ts. Every page but the login page and a wall with a token starts here.
import type { Me } from "../../contract/accounts.ts";

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

export async function logout(): Promise<void> {
  await fetch("/api/auth/logout", { method: "POST" });
  location.assign("/login.html");
}
