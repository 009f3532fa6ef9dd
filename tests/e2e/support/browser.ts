// Debian's Chromium driven by playwright-core: never a downloaded browser. Collects console
// errors and failed requests so every browser test can assert there were none.
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = path.resolve(import.meta.dirname, "../../../test-artifacts");

/** One Chromium for every browser file of a test process (they run one after the other in one
 *  process, vitest.config.ts): launching it took a second or more per file. Each file still opens
 *  contexts of its own (its own cookies, storage, cache and service workers) and hands the browser
 *  back with releaseBrowser, which closes them. Should Chromium go away, the next file launches another. */
let shared: Promise<Browser> | undefined;

export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  shared ??= chromium
    .launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    })
    .then((browser) => {
      browser.on("disconnected", () => (shared = undefined));
      return browser;
    })
    .catch((e: unknown) => {
      shared = undefined;
      throw e;
    });
  return shared;
}

/** Closes every context the file opened (and its pages); the browser stays for the next file. */
export async function releaseBrowser(browser: Browser | undefined): Promise<void> {
  await Promise.all((browser?.contexts() ?? []).map((c) => c.close()));
}

/** What a page that redirects to the login page leaves in its problems, and nothing else: /api/me's 401
 *  that sends it there, and the requests the redirect cuts short while the page was still loading (its
 *  icon, and the service worker's registration script loaded on every page but the wall). */
export const LOGIN_REDIRECT_PROBLEMS = [
  /HTTP 401: .*\/api\/me$/,
  /status of 401/,
  /\/(favicon\.svg|assets\/workbox-window[^ /]*\.js) net::ERR_ABORTED$/,
];

export interface WatchedPage {
  page: Page;
  /** Console errors, page errors and failed requests seen so far. */
  problems: string[];
  screenshot(name: string): Promise<string>;
}

/** cookie: a session cookie ("up_session=…", from tests/support/accounts.ts login) the page starts logged in with;
 *  touch: a phone (isMobile, hasTouch) rather than a desktop with a mouse; locale: the browser's language
 *  (vi-VN unless said). */
export async function openPage(
  browser: Browser,
  url: string,
  viewport = { width: 1366, height: 768 },
  opts: { cookie?: string; touch?: boolean; locale?: string } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport,
    locale: opts.locale ?? "vi-VN",
    ...(opts.touch ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  if (opts.cookie) {
    const eq = opts.cookie.indexOf("=");
    await context.addCookies([
      {
        name: opts.cookie.slice(0, eq),
        value: opts.cookie.slice(eq + 1),
        url: new URL(url).origin,
        httpOnly: true,
        sameSite: "Lax",
      },
    ]);
  }
  const page = await context.newPage();
  // A Content-Security-Policy violation (an inline script or style, a foreign host) is a problem too.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(
        `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile || e.documentURI}`,
      ),
    );
  });
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(url);
  return {
    page,
    problems,
    async screenshot(name) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
  };
}
