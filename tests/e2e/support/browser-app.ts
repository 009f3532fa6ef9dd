// The usual set-up of a browser test file: UnionPulse on a temporary SQLite file and a random
// port, Debian's Chromium (shared with the other files, see browser.ts), and the demo administrator's
// session; all torn down after the file (the browser's contexts closed).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { RunningApp } from "../../../server/compose.ts";
import { DEMO_PASSWORD, login } from "../../support/accounts.ts";
import { launchBrowser, releaseBrowser } from "./browser.ts";
import { startSeeded } from "../../support/seeded-start.ts";

export interface BrowserApp {
  app: RunningApp;
  browser: Browser;
  /** The app's temporary data folder; a test may keep its own files there. */
  dir: string;
  /** The demo administrator's session cookie, for API calls the test makes itself. */
  admin: string;
  /** GET as the administrator, parsed as JSON. */
  get<T>(pathname: string): Promise<T>;
}

/** Registers beforeAll/afterAll; the returned object is filled in before the first test runs. */
export function useBrowserApp(opts: { enterprises: number; name: string }): BrowserApp {
  const rig = {
    async get<T>(pathname: string) {
      return (await fetch(rig.app.url + pathname, { headers: { cookie: rig.admin } })).json() as Promise<T>;
    },
  } as BrowserApp;
  beforeAll(async () => {
    rig.dir = fs.mkdtempSync(path.join(os.tmpdir(), `unionpulse-e2e-${opts.name}-`));
    rig.app = await startSeeded({
      DATA_DIR: rig.dir,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      SEED_ENTERPRISES: String(opts.enterprises),
    });
    rig.browser = await launchBrowser();
    rig.admin = await login(rig.app.url, "admin", DEMO_PASSWORD);
  });
  afterAll(async () => {
    await releaseBrowser(rig.browser);
    await rig.app?.close();
    if (rig.dir) fs.rmSync(rig.dir, { recursive: true, force: true });
  });
  return rig;
}
