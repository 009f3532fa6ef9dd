// The rights table read as stories: who may read, export, edit which district, and manage.
import { describe, expect, it } from "vitest";
import { canEdit, canExport, canManageUsers, canRead, requireEdit, type Actor } from "../../server/domain/rights.ts";
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
});
