// The wall display's rules that need no browser: what an address configures, how targets read,
// what the ticker says about a change, that the ticker never grows, and when the watchdog acts.
import { describe, expect, it } from "vitest";
import type { ChangeItem } from "../../contract/changes.ts";
import { readWallConfig, rotationOf, wallFilter, PANELS } from "../../client/src/wall/config.ts";
import { changeParts } from "../../client/src/wall/change-text.ts";
import { parseTargets, verdictOf, DEFAULT_TARGETS } from "../../client/src/wall/thresholds.ts";
import { createTickerStore, isUnderFilter } from "../../client/src/wall/ticker-store.ts";
import { SILENT_MS, SLEPT_MS, TICK_MS, watchdogAction } from "../../client/src/wall/watchdog.ts";

const change = (seq: number, diff: ChangeItem["diff"], action: ChangeItem["action"] = "update"): ChangeItem => ({
  seq,
  at: "2026-11-24T10:00:00.000Z",
  enterpriseId: 1,
  enterpriseName: "Công ty Y",
  districtId: 3,
  action,
  diff,
});

describe("a wall's address", () => {
  it("defaults to every panel, 15 s, dark, Vietnamese, non-state, the union target", () => {
    const c = readWallConfig("");
    expect(c).toMatchObject({
      panels: [...PANELS],
      pin: null,
      rotateSeconds: 15,
      theme: "dark",
      lang: "vi",
      district: null,
      ownership: "nonState",
      token: null,
    });
    expect(c.targets).toEqual(DEFAULT_TARGETS);
    expect(wallFilter(c)).toEqual({ nonState: "true" });
  });

  it("reads panels, pin, rotation, theme, language, district, ownership, targets and token", () => {
    const c = readWallConfig(
      "?panels=heat,HEADLINE,bogus,heat&rotate=20&pin=heat&theme=light&lang=en&district=3&ownership=FDI&targets=over25Union:100,density:60&token=abc",
    );
    expect(c).toMatchObject({
      panels: ["heat", "headline"],
      pin: "heat",
      rotateSeconds: 20,
      theme: "light",
      lang: "en",
      district: 3,
      ownership: "FDI",
      token: "abc",
    });
    expect(c.targets).toEqual({ over25Union: 1, density: 0.6 });
    expect(rotationOf(c)).toEqual(["heat"]);
    expect(wallFilter(c)).toEqual({ ownership: "FDI", district: "3" });
  });

  it("falls back to a working screen on typos, and leaves density by district out under a district focus", () => {
    const c = readWallConfig("?panels=nope&rotate=0.5&theme=blue&lang=fr&district=-2&ownership=x&pin=y");
    expect(c).toMatchObject({
      panels: [...PANELS],
      pin: null,
      rotateSeconds: 3,
      theme: "dark",
      lang: "vi",
      district: null,
      ownership: "nonState",
    });
    expect(readWallConfig("?rotate=99999").rotateSeconds).toBe(3600);
    expect(readWallConfig("?district=4").panels).not.toContain("district");
  });
});

describe("targets", () => {
  it("are percent for shares and counts for initiatives; an empty list means none", () => {
    expect(parseTargets("union:80, party:12.5,initiatives:500,nonsense:3,youth:abc")).toEqual({
      union: 0.8,
      party: 0.125,
      initiatives: 500,
    });
    expect(parseTargets("")).toEqual({});
  });

  it("are met only when reached: one enterprise short of 100 % is below", () => {
    expect(verdictOf(2499 / 2500, 1)).toBe("below");
    expect(verdictOf(1, 1)).toBe("met");
    expect(verdictOf(null, 1)).toBe("none");
    expect(verdictOf(0.4, undefined)).toBe("none");
  });
});

describe("the ticker", () => {
  it("tells a change by what moved: members, a union founded, an organisation lost", () => {
    expect(changeParts(change(1, { unionMembers: [30, 42] }))).toEqual([{ text: "+12 đoàn viên", tone: "up" }]);
    expect(changeParts(change(2, { hasUnion: [false, true], unionMembers: [0, 40] })).map((p) => p.text)).toEqual([
      "thành lập công đoàn cơ sở",
      "+40 đoàn viên",
    ]);
    expect(changeParts(change(3, { hasWomenUnion: [true, false] }))).toEqual([
      { text: "không còn Hội Phụ nữ", tone: "down" },
    ]);
    expect(changeParts(change(4, { name: ["A", "B"] }))).toEqual([{ text: "cập nhật thông tin", tone: "neutral" }]);
    expect(changeParts(change(5, { headcount: [null, 120] }, "create"))[0]!.text).toBe("đăng ký mới · 120 lao động");
  });

  it("keeps the newest few, once each, however many arrive", () => {
    const store = createTickerStore(3);
    expect([...store.merge([change(1, {}), change(2, {})])]).toEqual([1, 2]);
    expect([...store.merge([change(2, {}), change(5, {}), change(4, {}), change(3, {})])]).toEqual([5, 4, 3]);
    expect(store.items.map((i) => i.seq)).toEqual([5, 4, 3]);
    for (let seq = 6; seq < 1000; seq++) store.merge([change(seq, {})]);
    expect(store.items.map((i) => i.seq)).toEqual([999, 998, 997]);
  });

  it("shows only the enterprises under the display's filter", () => {
    expect(isUnderFilter({ districtId: 3, ownership: "FDI" }, { nonState: "true", district: "3" })).toBe(true);
    expect(isUnderFilter({ districtId: 3, ownership: "STATE" }, { nonState: "true" })).toBe(false);
    expect(isUnderFilter({ districtId: 4, ownership: "FDI" }, { district: "3" })).toBe(false);
    expect(isUnderFilter({ districtId: 4, ownership: "DOMESTIC" }, { ownership: "FDI" })).toBe(false);
  });
});

describe("the watchdog", () => {
  const now = 10_000_000;
  it("reconnects after the machine slept (a late tick) or when a 'connected' link has carried nothing", () => {
    expect(watchdogAction({ now, lastTick: now - TICK_MS, lastHeardAt: now - 1000, connected: true })).toBe("none");
    expect(
      watchdogAction({ now, lastTick: now - TICK_MS - SLEPT_MS - 1, lastHeardAt: now - 1000, connected: true }),
    ).toBe("reconnect");
    expect(watchdogAction({ now, lastTick: now - TICK_MS, lastHeardAt: now - SILENT_MS - 1, connected: true })).toBe(
      "reconnect",
    );
    // Not connected: Socket.io's own backoff is at work; the watchdog does not hurry it.
    expect(watchdogAction({ now, lastTick: now - TICK_MS, lastHeardAt: now - SILENT_MS - 1, connected: false })).toBe(
      "none",
    );
  });
});
