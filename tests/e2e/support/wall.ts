// What the wall display's browser tests share: a real UnionPulse over a SQLite file in a temp
// directory (restartable on the same port and data), the demo administrator's session for writes,
// a read-only display token for the wall (as a TV is set up: ?token= in its address), and the live
// state the wall page publishes on its root element (data-connection, data-seq, data-stale, data-panel).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { Enterprise, EnterpriseList } from "../../../contract/enterprise.ts";
import type { RunningApp } from "../../../server/compose.ts";
import { DEMO_PASSWORD, issueDisplayToken, login } from "../../support/accounts.ts";
import { launchBrowser, releaseBrowser } from "./browser.ts";
import { startSeeded } from "../../support/seeded-start.ts";

export interface AppHome {
  dir: string;
  /** Starts UnionPulse on this directory's database; port 0 picks a free one. */
  start(port?: number): Promise<RunningApp>;
  remove(): void;
}

export function appHome(): AppHome {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-wall-"));
  return {
    dir,
    start: (port = 0) =>
      startSeeded({
        DATA_DIR: dir,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "silent",
        SEED_ENTERPRISES: "400",
      }),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export interface WallRig {
  home: AppHome;
  /** The running server; a test that restarts it puts the new one here (close() is idempotent). */
  app: RunningApp;
  browser: Browser;
  auth: Credentials;
}

/** Registers beforeAll/afterAll for a wall test file; the rig is filled in before the first test. */
export function useWallRig(): WallRig {
  const rig = {} as WallRig;
  beforeAll(async () => {
    rig.home = appHome();
    rig.app = await rig.home.start();
    rig.auth = await credentials(rig.app.url);
    rig.browser = await launchBrowser();
    // Seeding and a first Chromium take a while on a busy machine (the whole suite, or a shared one).
  }, 180_000);
  afterAll(async () => {
    await releaseBrowser(rig.browser);
    await rig.app?.close();
    rig.home?.remove();
  });
  return rig;
}

export interface Credentials {
  /** The demo administrator's session cookie: reads and writes through the API. */
  cookie: string;
  /** A wall display's read-only token, issued by the administrator. */
  token: string;
}

/** Logs the demo administrator in and issues a display token (both survive a restart: they live in the database). */
export async function credentials(base: string): Promise<Credentials> {
  const cookie = await login(base, "admin", DEMO_PASSWORD);
  return { cookie, token: await issueDisplayToken(base, cookie, "Phòng họp (test)") };
}

export async function getJson<T>(url: string, auth: Pick<Credentials, "cookie">): Promise<T> {
  const res = await fetch(url, { headers: { cookie: auth.cookie } });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function patchEnterprise(
  base: string,
  auth: Pick<Credentials, "cookie">,
  id: number,
  change: Record<string, unknown>,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}/api/enterprises/${id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json", cookie: auth.cookie },
    body: JSON.stringify(change),
  });
  return { status: res.status, body: await res.json() };
}

/** A non-state enterprise with a union and room for `more` members. */
export async function enterpriseWithRoom(
  base: string,
  auth: Pick<Credentials, "cookie">,
  more: number,
): Promise<Enterprise> {
  const { items } = await getJson<EnterpriseList>(
    `${base}/api/enterprises?nonState=true&sort=-headcount&pageSize=50`,
    auth,
  );
  const found = items.find((e) => e.hasUnion && e.headcount - e.unionMembers >= more);
  if (!found) throw new Error(`no non-state enterprise with room for ${more} more members`);
  return found;
}

export interface WallState {
  connection: string | undefined;
  seq: number;
  stale: boolean;
  panel: string | undefined;
}

export const wallState = (page: Page): Promise<WallState> =>
  page.evaluate(() => {
    const d = document.documentElement.dataset;
    return { connection: d.connection, seq: Number(d.seq ?? -1), stale: d.stale === "true", panel: d.panel };
  });

/** The watchdog's readiness probe, given up after 2 s (wall/watchdog.ts) while the server is away or still
 *  starting on a busy machine: the browser lists it as a failed request, unseen on the screen, and the wall
 *  asks again at its next tick. Not a problem of the page where the server is meant to be away or slow. */
export const PROBE_GIVEN_UP = /\/api\/ready net::ERR_ABORTED$/;

/** Waits until the wall is live and shows figures. */
export async function waitLive(page: Page, timeout = 15_000): Promise<WallState> {
  await page.waitForFunction(
    () => {
      const d = document.documentElement.dataset;
      return d.connection === "connected" && d.seq !== undefined && d.stale !== "true";
    },
    null,
    { timeout, polling: 50 },
  );
  return wallState(page);
}

/** A flag that only a page reload would lose. */
export const markNoReload = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });
export const stillNoReload = (page: Page) =>
  page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);

/** "45.309" (vi) → 45309. */
export const countOf = (text: string | null) => Number((text ?? "").replace(/\D/g, ""));
