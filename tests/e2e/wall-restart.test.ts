// The server goes away, or the network, while the wall is on: the screen keeps its figures, says
// they are stale, and when the server or the network comes back it reconnects and catches up by
// itself (figures and ticker, changes made meanwhile included), within seconds, without a reload.
import { describe, expect, it } from "vitest";
import { openPage } from "./support/browser.ts";
import {
  useWallRig,
  countOf,
  enterpriseWithRoom,
  getJson,
  markNoReload,
  patchEnterprise,
  PROBE_GIVEN_UP,
  stillNoReload,
  waitLive,
  wallState,
} from "./support/wall.ts";

const rig = useWallRig();

describe("the wall display across a server restart and a network cut", () => {
  it("keeps the figures while the server is down, marks them stale, then reconnects and catches up without a reload", async () => {
    const first = rig.app;
    const { page, problems, screenshot } = await openPage(
      rig.browser,
      `${first.url}/wall?pin=headline&token=${rig.auth.token}`,
      { width: 1920, height: 1080 },
    );
    const live = await waitLive(page);
    const members = page.locator('[data-tile="unionMembers"] .figure-value');
    const shown = await members.textContent();
    const badge = page.locator("#stale-badge");
    expect(await badge.isVisible()).toBe(false);
    await markNoReload(page);

    // Down: the same figures stay on screen, dimmed, under a "stale" badge.
    const port = first.port;
    await first.close();
    await page.waitForFunction(() => document.documentElement.dataset.stale === "true", null, {
      timeout: 5000,
      polling: 50,
    });
    expect((await wallState(page)).connection).not.toBe("connected");
    expect(await badge.isVisible()).toBe(true);
    expect(await badge.textContent()).toMatch(/^Dữ liệu cũ · từ \d\d:\d\d$/);
    expect(await page.locator("#connection-text").textContent()).toMatch(/Đang kết nối lại|Mất kết nối/);
    expect(await members.textContent()).toBe(shown);
    expect(
      Number(await page.evaluate(() => getComputedStyle(document.querySelector(".wall-panels")!).opacity)),
    ).toBeLessThan(1);
    await screenshot("wall-1920x1080-dark-server-down");
    // Several seconds down, so the client is well into its backoff.
    await new Promise((r) => setTimeout(r, 4000));
    expect((await wallState(page)).stale).toBe(true);

    // Back on the same port and data (the display token lives there too): the wall finds it by itself.
    const second = await rig.home.start(port);
    rig.app = second;
    const restarted = Date.now();
    const back = await waitLive(page, 15_000);
    const healedIn = Date.now() - restarted;
    expect(healedIn).toBeLessThan(12_000);
    expect(back.seq).toBe(live.seq);
    expect(await badge.isVisible()).toBe(false);
    expect(Number(await page.evaluate(() => getComputedStyle(document.querySelector(".wall-panels")!).opacity))).toBe(
      1,
    );

    // A change after the restart reaches the screen, which follows the sequence from where it was.
    const target = await enterpriseWithRoom(second.url, rig.auth, 5);
    const saved = await patchEnterprise(second.url, rig.auth, target.id, {
      version: target.version,
      unionMembers: target.unionMembers + 5,
    });
    expect(saved.status).toBe(200);
    const { seq } = await getJson<{ seq: number }>(`${second.url}/api/health`, rig.auth);
    expect(seq).toBe(live.seq + 1);
    // Within a second, as before the restart: the wall's promise (wall-live.test.ts), not a guess.
    await page.waitForFunction((s) => Number(document.documentElement.dataset.seq) === s, seq, {
      timeout: 1000,
      polling: 20,
    });
    await expect
      .poll(async () => countOf(await members.textContent()), { timeout: 1000, interval: 20 })
      .toBe(countOf(shown) + 5);
    await expect
      .poll(() => page.locator("#ticker-strip .ticker-line .ticker-name").first().textContent(), { timeout: 1000 })
      .toBe(target.name);
    expect(await stillNoReload(page)).toBe(true);
    await screenshot("wall-1920x1080-dark-after-restart");

    // While the server was down the browser saw refused connections, and a probe of the restarting server
    // may have been given up; nothing else may go wrong.
    expect(problems.filter((p) => !/ERR_CONNECTION_REFUSED|socket\.io/.test(p) && !PROBE_GIVEN_UP.test(p))).toEqual([]);
    console.info(`wall reconnected ${healedIn} ms after the server came back`);
    await page.context().close();
  }, 60_000);

  it("marks the figures stale during a network cut and, once back, shows what changed meanwhile", async () => {
    const running = rig.app;
    const { page, problems } = await openPage(rig.browser, `${running.url}/wall?pin=headline&token=${rig.auth.token}`, {
      width: 1920,
      height: 1080,
    });
    const live = await waitLive(page);
    const members = page.locator('[data-tile="unionMembers"] .figure-value');
    const shown = countOf(await members.textContent());
    await markNoReload(page);

    await page.context().setOffline(true);
    await page.waitForFunction(() => document.documentElement.dataset.stale === "true", null, {
      timeout: 5000,
      polling: 50,
    });
    expect((await wallState(page)).connection).toBe("offline");
    // Made while the screen cannot hear: it must come from the resynchronisation, not a batch.
    const target = await enterpriseWithRoom(running.url, rig.auth, 9);
    expect(
      (
        await patchEnterprise(running.url, rig.auth, target.id, {
          version: target.version,
          unionMembers: target.unionMembers + 9,
        })
      ).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 3000));
    expect(countOf(await members.textContent())).toBe(shown);

    await page.context().setOffline(false);
    const back = await waitLive(page, 12_000);
    expect(back.seq).toBe(live.seq + 1);
    expect(countOf(await members.textContent())).toBe(shown + 9);
    await expect
      .poll(() => page.locator("#ticker-strip .ticker-line .ticker-name").first().textContent(), { timeout: 3000 })
      .toBe(target.name);
    expect(await page.locator("#ticker-strip .ticker-line .ticker-parts").first().textContent()).toContain(
      "+9 đoàn viên",
    );
    expect(await stillNoReload(page)).toBe(true);
    expect(
      problems.filter(
        (p) => !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|socket\.io/.test(p) && !PROBE_GIVEN_UP.test(p),
      ),
    ).toEqual([]);
    await page.context().close();
  }, 40_000);
});
