// The rights table read as stories: who may read, export, edit which district, and manage.
import { describe, expect, it } from "vitest";
import {
  canCreate,
  canEdit,
  canEditSomething,
  canExport,
  canManageUsers,
  canRead,
  requireCreate,
  requireEdit,
  requireFields,
  type Actor,
} from "../../server/domain/rights.ts";
import { ForbiddenError } from "../../server/domain/errors.ts";

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

  it("a partner changes its own organisation's flag on any enterprise, nothing else, and creates nothing", () => {
    const women: Actor = { ...person("PARTNER"), organisation: "WOMEN" };
    expect([1, 7, 99].map((d) => canEdit(women, d))).toEqual([true, true, true]);
    expect(canCreate(women, 1)).toBe(false);
    expect(canEditSomething(women)).toBe(true);
    expect(canRead(women)).toBe(true);
    expect(canExport(women)).toBe(false);
    expect(canManageUsers(women)).toBe(false);
    expect(() => requireFields(women, ["hasWomenUnion"])).not.toThrow();
    expect(() => requireCreate(women, 1)).toThrow(ForbiddenError);
    try {
      requireFields(women, ["hasWomenUnion", "hasYouthUnion", "name"]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ForbiddenError);
      expect(Object.keys((e as ForbiddenError).fields ?? {}).sort()).toEqual(["hasYouthUnion", "name"]);
    }
    // A partner account without an organisation (a broken row) may change nothing at all.
    const none: Actor = { ...person("PARTNER"), organisation: null };
    expect(canEdit(none, 1)).toBe(false);
    expect(canEditSomething(none)).toBe(false);
    expect(() => requireFields(none, ["hasWomenUnion"])).toThrow(ForbiddenError);
    // Other roles are not limited to a field.
    expect(() => requireFields(person("EDITOR", [1]), ["name", "hasParty"])).not.toThrow();
  });
});
