// Every main page, as its user opens it, at 1366×768 and 1920×1080: no console error, no failed
// request, no Content-Security-Policy violation (the served HTML has no inline script and the
// policy allows none), an accessibility check with axe-core with no serious or critical
// violation, and every chart with a text alternative. Screenshots go to test-artifacts/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../server/compose.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { launchBrowser, openPage, releaseBrowser } from "./support/browser.ts";
import { credentials, waitLive } from "./support/wall.ts";
import { startSeeded } from "../support/seeded-start.ts";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

let app: RunningApp;
let browser: Browser;
let dir: string;
let cookies: Record<string, string>;
let token: string;

interface MainPage {
  name: string;
  /** Address (token for the wall) and who is logged in (none: the login page). */
  url: () => string;
  user: string | null;
  ready: (page: Page) => Promise<unknown>;
}

const dataReady = (page: Page) => page.waitForSelector("html[data-ready='true']", { timeout: 15_000 });
const PAGES: MainPage[] = [
  {
    name: "login",
    url: () => `${app.url}/login.html`,
    user: null,
    ready: (p) => p.waitForSelector("#login-username", { timeout: 15_000 }),
  },
  {
    name: "dashboard",
    url: () => `${app.url}/`,
    user: "leader",
    ready: (p) =>
      p.waitForFunction(
        () =>
          document.querySelector("[data-connection]")?.getAttribute("data-connection") === "connected" &&
          /\d/.test(document.querySelector('[data-tile="unionMembers"] .tile-value')?.textContent ?? ""),
        null,
        { timeout: 15_000 },
      ),
  },
  {
    name: "analysis",
    url: () => `${app.url}/analysis.html`,
    user: "analyst",
    ready: (p) =>
      p.waitForFunction(() => document.querySelector("#enterprise-table")?.hasAttribute("data-total"), null, {
        timeout: 15_000,
      }),
  },
  { name: "editor", url: () => `${app.url}/editor.html`, user: "editor.ap01", ready: dataReady },
  { name: "admin", url: () => `${app.url}/admin.html`, user: "admin", ready: dataReady },
  { name: "targets", url: () => `${app.url}/targets.html`, user: "leader", ready: dataReady },
  { name: "wall", url: () => `${app.url}/wall?token=${token}`, user: null, ready: (p) => waitLive(p) },
  {
    name: "report",
    url: () => `${app.url}/report.html?from=2021-01-01&to=2022-09-30`,
    user: "leader",
    ready: (p) => p.waitForSelector('[data-section="5"]', { timeout: 15_000 }),
  },
  {
    name: "coordination",
    url: () => `${app.url}/coordination.html`,
    user: "leader",
    ready: (p) => p.waitForSelector("[data-organisation]", { timeout: 15_000 }),
  },
];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-e2e-pages-"));
  app = await startSeeded({
    DATA_DIR: dir,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    SEED_ENTERPRISES: "200",
  });
  browser = await launchBrowser();
  cookies = Object.fromEntries(
    await Promise.all(
      ["leader", "analyst", "editor.ap01", "admin"].map(
        async (u) => [u, await login(app.url, u, DEMO_PASSWORD)] as const,
      ),
    ),
  );
  token = (await credentials(app.url)).token;
});
afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function open(p: MainPage, viewport: { width: number; height: number }) {
  const watched = await openPage(browser, p.url(), viewport, p.user ? { cookie: cookies[p.user]! } : {});
  await p.ready(watched.page);
  await watched.page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {}); // a live page may never be fully idle
  return watched;
}

describe("the served pages allow no inline script", () => {
  it("no HTML page has an inline <script>, and the CSP header allows none", async () => {
    const htmls = fs
      .readdirSync(path.resolve(import.meta.dirname, "../../dist/client"))
      .filter((f) => f.endsWith(".html"));
    expect(htmls.length).toBeGreaterThanOrEqual(6);
    for (const file of htmls) {
      const res = await fetch(`${app.url}/${file}`);
      const html = await res.text();
      for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) expect(tag, `${file}: ${tag}`).toMatch(/\bsrc=/);
      expect(html, file).not.toMatch(/<script\b[^>]*>(?!\s*<\/script>)/i); // nothing between the tags either
      expect(html, file).not.toMatch(/\son[a-z]+\s*=/i); // no inline event handlers
      const csp = res.headers.get("content-security-policy") ?? "";
      const scriptSrc =
        /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? /(?:^|;)\s*default-src ([^;]*)/.exec(csp)?.[1] ?? "";
      expect(scriptSrc, `${file} CSP: ${csp}`).toBe("'self'");
      expect(csp).toMatch(/script-src-attr 'none'/);
      expect(csp).toMatch(/object-src 'none'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
    }
  });
});

/** axe-core's serious and critical violations on the page as it is now, and its charts without words. */
async function accessibilityProblems(page: Page) {
  // Evaluated through the DevTools protocol, not a <script> tag: the page's CSP (rightly) refuses
  // inline scripts, and loosening it for the test would test another policy.
  await page.evaluate(fs.readFileSync(AXE, "utf8"));
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
          }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      where: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)),
    }));
  });
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  // Charts are pictures: each says in words what it shows (aria-label kept current), or is hidden beside a table.
  // (A chart not on screen, such as a wall panel not shown now, is labelled when it is drawn.)
  const charts = await page.$$eval("canvas", (cs) =>
    cs.map((c) => ({
      label: c.getAttribute("aria-label") ?? "",
      hidden: c.closest("[aria-hidden='true']") !== null || c.getClientRects().length === 0,
      role: c.getAttribute("role"),
    })),
  );
  const unlabelled = charts.filter((c) => !c.hidden && (c.role !== "img" || c.label.length <= 10));
  return { serious, unlabelled };
}

// One load per page and screen size: the accessibility check runs on the first, as it was loaded.
describe("every main page, at both screen sizes, with axe-core", () => {
  for (const p of PAGES) {
    it(`${p.name}: loads with no console error, failed request or CSP violation, no serious or critical accessibility violation, and every chart has a text alternative; screenshots kept`, async () => {
      for (const [i, viewport] of VIEWPORTS.entries()) {
        const { page, problems, screenshot } = await open(p, viewport);
        const file = await screenshot(`page-${p.name}-${viewport.width}x${viewport.height}`);
        expect(fs.statSync(file).size).toBeGreaterThan(5_000);
        if (i === 0) {
          const { serious, unlabelled } = await accessibilityProblems(page);
          expect(serious, JSON.stringify(serious, null, 1)).toEqual([]);
          expect(unlabelled).toEqual([]);
        }
        expect(problems, `${p.name} at ${viewport.width}×${viewport.height}`).toEqual([]);
        await page.context().close();
      }
    });
  }
});
