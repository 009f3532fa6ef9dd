// Union density: union members ÷ workers, and no figure at all where there are no workers.
import { describe, expect, it } from "vitest";
import { densityOf, ratio } from "../../contract/density.ts";

describe("union density", () => {
  it("is the share of the workers who are union members", () => {
    expect(densityOf(45, 60)).toBe(0.75);
    expect(densityOf(0, 60)).toBe(0);
    expect(densityOf(60, 60)).toBe(1);
  });

  it("is no figure (null, not 0 % and not NaN) for an enterprise without workers", () => {
    expect(densityOf(0, 0)).toBeNull();
  });

  it("a share of nothing is null, whatever the part", () => {
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });
});
