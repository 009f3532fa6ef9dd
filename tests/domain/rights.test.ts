// The rights table read as stories: who may read, export, edit which district, and manage.
import { describe, expect, it } from "vitest";
import { canEdit, canExport, canManageUsers, canRead, requireEdit, type Actor } from "../../server/domain/rights.ts";
import { ForbiddenError } from "../../server/domain/errors.ts";
import { loginLimiter, MAX_FAILURES, WINDOW_MS } from "../../server/http/login-limiter.ts";

const person = (role: Actor["role"], districtIds: number[] = []): Actor => ({
  kind: "user",
  userId: 1,
  name: "x",
  role,
  districtIds,
});
const display: Actor = { kind: "display", userId: 1, name: "TV", role: "DISPLAY", districtIds: [] };

describe("rights", () => {
  it("everyone reads; analysts and administrators export; only administrators manage", () => {
    for (const a of [person("ADMIN"), person("LEADER"), person("ANALYST"), person("EDITOR", [1]), display])
      expect(canRead(a)).toBe(true);
    expect(
      [person("ADMIN"), person("LEADER"), person("ANALYST"), person("EDITOR", [1]), display].map(canExport),
    ).toEqual([true, false, true, false, false]);
    expect(
      [person("ADMIN"), person("LEADER"), person("ANALYST"), person("EDITOR", [1]), display].map(canManageUsers),
    ).toEqual([true, false, false, false, false]);
  });

  it("an editor edits his districts only; an administrator all; leaders, analysts and displays none", () => {
    const editor = person("EDITOR", [3, 5]);
    expect([1, 3, 5].map((d) => canEdit(editor, d))).toEqual([false, true, true]);
    expect(canEdit(person("ADMIN"), 99)).toBe(true);
    for (const a of [person("LEADER"), person("ANALYST"), display]) expect(canEdit(a, 3)).toBe(false);
    // a display whose id happens to equal a district id, or a forged role on a display, still cannot
    expect(canEdit({ ...display, role: "ADMIN" }, 1)).toBe(false);
  });

  it("moving an enterprise needs the right on both districts", () => {
    const editor = person("EDITOR", [3]);
    expect(() => requireEdit(editor, 3, 4)).toThrow(ForbiddenError);
    expect(() => requireEdit(editor, 4, 3)).toThrow(ForbiddenError);
    expect(() => requireEdit(person("EDITOR", [3, 4]), 3, 4)).not.toThrow();
  });
});

describe("the login limiter", () => {
  it("allows MAX_FAILURES failures per username and address in the window, then says how long to wait", () => {
    let now = 1_000_000;
    const l = loginLimiter(() => now);
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect(l.retryAfter("An", "1.2.3.4")).toBe(0);
      l.failed("an", "1.2.3.4");
    }
    expect(l.retryAfter("an", "1.2.3.4")).toBe(WINDOW_MS / 1000);
    expect(l.retryAfter("an", "5.6.7.8")).toBe(0);
    expect(l.retryAfter("binh", "1.2.3.4")).toBe(0);
    now += WINDOW_MS;
    expect(l.retryAfter("an", "1.2.3.4")).toBe(0);
  });

  it("caps failures per address across usernames, except from loopback (a local proxy) where only the username counts", () => {
    const l = loginLimiter(() => 7);
    for (let i = 0; i < 50; i++) l.failed(`user${i}`, "203.0.113.9");
    expect(l.retryAfter("someone-else", "203.0.113.9")).toBeGreaterThan(0);
    for (let i = 0; i < 50; i++) l.failed(`user${i}`, "127.0.0.1");
    expect(l.retryAfter("someone-else", "127.0.0.1")).toBe(0);
  });

  it("a success forgets the failures of that username and address", () => {
    const l = loginLimiter(() => 5);
    for (let i = 0; i < MAX_FAILURES - 1; i++) l.failed("an", "a");
    l.succeeded("an", "a");
    l.failed("an", "a");
    expect(l.retryAfter("an", "a")).toBe(0);
  });
});
