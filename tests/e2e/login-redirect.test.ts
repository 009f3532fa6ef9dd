// A link to the login page whose "next" points at another site (a tab, newline or backslash the
// browser drops or reads as a slash, a doubled slash, an encoded one): after logging in the
// officer stays on UnionPulse. A plain "next" of this site still brings him back where he was.
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/accounts.ts";
import { openPage } from "./support/browser.ts";
import { useBrowserApp } from "./support/browser-app.ts";

const rig = useBrowserApp({ enterprises: 50, name: "login-redirect" });

async function logInWith(next: string): Promise<URL> {
  const { page } = await openPage(rig.browser, `${rig.app.url}/login.html?next=${next}`);
  // Should the page be sent to the other site, it answers (no network here) so the test sees where it landed.
  await page.context().route(/evil\.example/, (route) => route.fulfill({ contentType: "text/html", body: "evil" }));
  await page.waitForSelector("#login-username", { timeout: 15_000 });
  await page.fill("#login-username", "leader");
  await page.fill("#login-password", DEMO_PASSWORD);
  await page.click("#login-submit");
  await page.waitForURL((u) => !u.pathname.endsWith("/login.html"), { timeout: 15_000 });
  const landed = new URL(page.url());
  await page.context().close();
  return landed;
}

describe("the page after logging in", () => {
  it.each(["/%09/evil.example/x", "/%0a/evil.example/x", "/%5C/evil.example/x", "%2F%2Fevil.example%2Fx"])(
    "stays on this site for next=%s",
    async (next) => {
      const landed = await logInWith(next);
      expect(landed.origin).toBe(new URL(rig.app.url).origin);
      expect(landed.hostname).not.toContain("evil");
    },
  );

  it("brings the officer back to the page of this site he came from", async () => {
    const landed = await logInWith(encodeURIComponent("/analysis.html?district=1"));
    expect(landed.origin).toBe(new URL(rig.app.url).origin);
    expect(landed.pathname + landed.search).toBe("/analysis.html?district=1");
  });
});
