// The few API calls the bench makes, logged in as the demo accounts (created by the server on a
// database without accounts, see server/seed/demo-accounts.ts): a pool of enterprises to edit and
// one small edit.
import type { Enterprise } from "../../contract/enterprise.ts";
import { DEMO_PASSWORD } from "../../server/seed/demo-accounts.ts";

export interface Session {
  url: string;
  /** "up_session=…", sent as a browser would. */
  cookie: string;
}

/** Logs in as one of the demo accounts: "admin" edits anything, "leader" reads dashboards. */
export async function login(url: string, username: "admin" | "leader"): Promise<Session> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("up_session=") && c.length > "up_session=".length);
  if (res.status !== 200 || !cookie)
    throw new Error(`login as ${username} answered ${res.status}: ${await res.text()}`);
  return { url, cookie };
}

/** Up to `count` enterprises of the dashboards' default view (non-state), with their versions. */
export async function enterprisePool(s: Session, count: number): Promise<Enterprise[]> {
  const out: Enterprise[] = [];
  for (let page = 1; out.length < count; page++) {
    const res = await fetch(`${s.url}/api/enterprises?nonState=true&sort=headcount&pageSize=500&page=${page}`, {
      headers: { cookie: s.cookie },
    });
    if (!res.ok) throw new Error(`GET /api/enterprises answered ${res.status}: ${await res.text()}`);
    const { items } = (await res.json()) as { items: Enterprise[] };
    if (items.length === 0) break;
    out.push(...items);
  }
  return out.slice(0, count);
}

/** Waits until the server says the work its start left in the background is done (/api/health
 *  "settled": the history builds, the checkpoint's check), so that what is measured next is the
 *  cost of requests and pushes, not the end of the start. Returns how long it waited, ms. */
export async function untilSettled(url: string, timeoutMs = 600_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const res = await fetch(`${url}/api/health`);
    if ((((await res.json()) as { settled?: boolean }).settled ?? false) === true) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`${url} had not settled after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function currentSeq(url: string): Promise<number> {
  const res = await fetch(`${url}/api/health`);
  return ((await res.json()) as { seq: number }).seq;
}

/** One registered initiative more: a real edit that moves the figures every dashboard shows.
 *  Keeps `e` at the version the server now has; returns the HTTP status. */
export async function editOnce(s: Session, e: Enterprise): Promise<number> {
  const res = await fetch(`${s.url}/api/enterprises/${e.id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json", cookie: s.cookie },
    body: JSON.stringify({ version: e.version, initiatives: e.initiatives + 1 }),
  });
  const body = (await res.json()) as Enterprise;
  if (res.ok) Object.assign(e, body);
  return res.status;
}
