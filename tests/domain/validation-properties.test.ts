// Property-based tests of the validation rules (contract EnterpriseCreate / EnterprisePatch and
// server/domain/rules.ts): any generated valid record is accepted; any record with exactly one
// generated violation is rejected, naming that field and no other.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OWNERSHIPS, SECTOR_CODES } from "../../contract/codes.ts";
import { EnterpriseCreate, EnterprisePatch } from "../../contract/enterprise.ts";
import { fieldErrors } from "../../contract/errors.ts";
import { ruleViolations } from "../../contract/rules.ts";

const MAX_COUNT = 9_999_999;
const digits = (n: number) =>
  fc.array(fc.constantFrom(..."0123456789"), { minLength: n, maxLength: n }).map((d) => d.join(""));
const taxCode = fc
  .tuple(digits(10), fc.option(digits(3)))
  .map(([main, branch]) => (branch ? `${main}-${branch}` : main));
// Names from what people type: Vietnamese letters, digits, punctuation, spaces, emoji and combining marks.
const nameChar = fc.constantFrom(
  ..."aăâbcdđeêghiklmnoôơpqrstuưvxyÀẢÃÁẠằẳẵắặđĐ0123456789 .,-&()'\"<>/",
  "👩‍👩‍👧",
  "e\u0301",
  "漢",
);
const name = fc
  .array(nameChar, { minLength: 1, maxLength: 60 })
  .map((cs) => cs.join(""))
  .filter((s) => s.trim().length > 0 && s.trim().length <= 200);
const count = fc.integer({ min: 0, max: MAX_COUNT });

/** A valid enterprise: every rule holds, by construction. */
const validEnterprise = fc
  .record({
    taxCode,
    name,
    districtId: fc.integer({ min: 1, max: 2_147_483_647 }),
    sector: fc.constantFrom(...SECTOR_CODES),
    ownership: fc.constantFrom(...OWNERSHIPS),
    headcount: count,
    unionShare: fc.double({ min: 0, max: 1, noNaN: true }),
    hasUnion: fc.boolean(),
    hasParty: fc.boolean(),
    hasYouthUnion: fc.boolean(),
    hasWomenUnion: fc.boolean(),
    hasVeterans: fc.boolean(),
    partyRecommended: count,
    admittedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    initiatives: count,
  })
  .map(({ unionShare, admittedShare, ...e }) => ({
    ...e,
    unionMembers: Math.floor(e.headcount * unionShare),
    partyAdmitted: Math.floor(e.partyRecommended * admittedShare),
  }));
type Valid = typeof validEnterprise extends fc.Arbitrary<infer T> ? T : never;

const badCount = fc.oneof(
  fc.integer({ max: -1 }),
  fc.integer({ min: MAX_COUNT + 1 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)),
  fc.string(),
  fc.constant(null),
  fc.boolean(),
);
/** One way to break one field's shape, per field. */
const shapeViolations: Record<string, fc.Arbitrary<unknown>> = {
  taxCode: fc.oneof(
    fc.string().filter((s) => !/^\d{10}(-\d{3})?$/.test(s.trim())),
    fc.integer(),
    digits(9),
    digits(11),
  ),
  name: fc.oneof(
    fc.constantFrom("", "   ", "\t"),
    fc
      .string({ minLength: 201, maxLength: 300 })
      .filter((s) => s.trim().length > 200 && !/[\u0000-\u001f\u007f]/.test(s)),
    name.map((n) => `${n}\u0007`),
    name.map((n) => `${n}\ud800`),
    fc.integer(),
  ),
  districtId: fc.oneof(
    fc.integer({ max: 0 }),
    fc.integer({ min: 1, max: 2_147_483_647 }).map((x) => 2_147_483_647 + x),
    fc.double({ min: 0.1, max: 1000, noNaN: true }).filter((x) => !Number.isInteger(x)),
    fc.string(),
  ),
  sector: fc.oneof(
    fc.string().filter((s) => !(SECTOR_CODES as readonly string[]).includes(s)),
    fc.constantFrom("c", "Z", "AB"),
  ),
  ownership: fc.oneof(
    fc.string().filter((s) => !(OWNERSHIPS as readonly string[]).includes(s)),
    fc.constantFrom("fdi", "PRIVATE"),
  ),
  headcount: badCount,
  unionMembers: badCount,
  partyRecommended: badCount,
  partyAdmitted: badCount,
  initiatives: badCount,
  hasUnion: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
  hasVeterans: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
};
const shapeViolation = fc
  .constantFrom(...Object.keys(shapeViolations))
  .chain((field) => shapeViolations[field]!.map((bad) => ({ field, bad })));

/** Breaks one relation between fields, leaving every field's shape valid. */
const ruleViolation = (e: Valid) => {
  // Below the maximum, so there is room for one more (fast-check likes to try the bounds).
  const headcount = Math.min(e.headcount, MAX_COUNT - 1);
  const partyRecommended = Math.min(e.partyRecommended, MAX_COUNT - 1);
  return fc.oneof(
    fc.integer({ min: 1, max: MAX_COUNT }).map((d) => ({
      field: "unionMembers",
      record: { ...e, headcount, unionMembers: Math.min(MAX_COUNT, headcount + d) },
    })),
    fc.integer({ min: 1, max: MAX_COUNT }).map((d) => ({
      field: "partyAdmitted",
      record: { ...e, partyRecommended, partyAdmitted: Math.min(MAX_COUNT, partyRecommended + d) },
    })),
  );
};

const namedFields = (input: unknown, schema: typeof EnterpriseCreate | typeof EnterprisePatch) => {
  const r = schema.safeParse(input);
  return r.success ? [] : Object.keys(fieldErrors(r.error.issues));
};

describe("validation rules hold for any input (fast-check)", () => {
  it("any valid enterprise is accepted by the create schema and breaks no rule", () => {
    fc.assert(
      fc.property(validEnterprise, (e) => {
        const r = EnterpriseCreate.safeParse(e);
        expect(r.success).toBe(true);
        expect(ruleViolations(e)).toEqual({});
      }),
      { numRuns: 300 },
    );
  });

  it("any valid subset of fields with a version is accepted as a change", () => {
    fc.assert(
      fc.property(
        validEnterprise,
        fc.integer({ min: 1, max: 2_147_483_647 }),
        fc.func(fc.boolean()),
        (e, version, keep) => {
          const subset = Object.fromEntries(Object.entries(e).filter(([k]) => keep(k)));
          expect(EnterprisePatch.safeParse({ version, ...subset }).success).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("one broken field is rejected on create and on change, naming that field and no other", () => {
    fc.assert(
      fc.property(validEnterprise, shapeViolation, fc.integer({ min: 1, max: 1000 }), (e, { field, bad }, version) => {
        expect(namedFields({ ...e, [field]: bad }, EnterpriseCreate)).toEqual([field]);
        expect(namedFields({ version, [field]: bad }, EnterprisePatch)).toEqual([field]);
      }),
      { numRuns: 500 },
    );
  });

  it("one unknown field is rejected, named", () => {
    const known = new Set([...Object.keys(EnterpriseCreate.shape), "version"]);
    const unknown = fc.string({ minLength: 1, maxLength: 30 }).filter((k) => !known.has(k) && k !== "__proto__");
    fc.assert(
      fc.property(validEnterprise, unknown, fc.jsonValue(), (e, key, value) => {
        expect(namedFields({ ...e, [key]: value }, EnterpriseCreate)).toEqual([key]);
        expect(namedFields({ version: 3, [key]: value }, EnterprisePatch)).toEqual([key]);
      }),
      { numRuns: 300 },
    );
  });

  it("one broken relation between fields is rejected by the rules, naming that field and no other", () => {
    fc.assert(
      fc.property(
        validEnterprise.chain((e) => ruleViolation(e)),
        ({ field, record }) => {
          expect(EnterpriseCreate.safeParse(record).success).toBe(true); // the shape is fine…
          expect(Object.keys(ruleViolations(record))).toEqual([field]); // …the rule is not
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a change without a positive whole version is rejected on version", () => {
    const badVersion = fc.oneof(
      fc.integer({ max: 0 }),
      fc.double({ noNaN: true }).filter((x) => !Number.isInteger(x)),
      fc.string(),
      fc.constant(null),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(badVersion, count, (version, initiatives) => {
        expect(namedFields({ version, initiatives }, EnterprisePatch)).toEqual(["version"]);
      }),
      { numRuns: 200 },
    );
  });
});
