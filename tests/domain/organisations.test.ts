// Which organisations an enterprise lacks, and which enterprises the federation must reach first.
import { describe, expect, it } from "vitest";
import { UNION_TARGET_HEADCOUNT } from "../../contract/codes.ts";
import { maskOf, missingMask, missingOrganisations, needsUnionFirst } from "../../server/domain/organisations.ts";

const none = { hasUnion: false, hasParty: false, hasYouthUnion: false, hasWomenUnion: false, hasVeterans: false };
const all = { hasUnion: true, hasParty: true, hasYouthUnion: true, hasWomenUnion: true, hasVeterans: true };

describe("missing organisations", () => {
  it("an enterprise with all five lacks none", () => {
    expect(missingOrganisations(all)).toEqual([]);
  });

  it("an enterprise with none lacks all five", () => {
    expect(missingOrganisations(none).sort()).toEqual(["party", "union", "veterans", "women", "youth"]);
  });

  it("names exactly the organisations whose flag is off", () => {
    expect(missingOrganisations({ ...all, hasParty: false, hasWomenUnion: false }).sort()).toEqual(["party", "women"]);
    expect(missingOrganisations({ ...none, hasUnion: true, hasVeterans: true }).sort()).toEqual([
      "party",
      "women",
      "youth",
    ]);
  });

  it("the compact mask agrees with the list, organisation by organisation", () => {
    const e = { ...all, hasYouthUnion: false, hasVeterans: false };
    expect(missingMask(e)).toBe(maskOf(missingOrganisations(e)));
    expect(missingMask(all)).toBe(0);
    expect(missingMask(none)).toBe(maskOf(["union", "party", "youth", "women", "veterans"]));
  });
});

describe("the federation's first target: 25 or more workers and no union", () => {
  it("the threshold is 25 workers", () => {
    expect(UNION_TARGET_HEADCOUNT).toBe(25);
  });

  it("24 workers without a union is not yet a target", () => {
    expect(needsUnionFirst({ headcount: 24, hasUnion: false })).toBe(false);
  });

  it("25 workers without a union is a target", () => {
    expect(needsUnionFirst({ headcount: 25, hasUnion: false })).toBe(true);
    expect(needsUnionFirst({ headcount: 12_000, hasUnion: false })).toBe(true);
  });

  it("an enterprise that has a union is never a target, however large", () => {
    expect(needsUnionFirst({ headcount: 25, hasUnion: true })).toBe(false);
    expect(needsUnionFirst({ headcount: 12_000, hasUnion: true })).toBe(false);
  });
});
