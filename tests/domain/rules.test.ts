// Rules that relate fields of one enterprise, beyond the shape of the payload.
import { describe, expect, it } from "vitest";
import { ruleViolations } from "../../contract/rules.ts";

const consistent = { headcount: 120, unionMembers: 80, partyRecommended: 6, partyAdmitted: 2 };

describe("an enterprise's own figures must agree", () => {
  it("a consistent enterprise breaks no rule, including the limits themselves", () => {
    expect(ruleViolations(consistent)).toEqual({});
    expect(ruleViolations({ headcount: 80, unionMembers: 80, partyRecommended: 2, partyAdmitted: 2 })).toEqual({});
    expect(ruleViolations({ headcount: 0, unionMembers: 0, partyRecommended: 0, partyAdmitted: 0 })).toEqual({});
  });

  it("more union members than workers is rejected on unionMembers, naming the headcount", () => {
    const broken = ruleViolations({ ...consistent, unionMembers: 121 });
    expect(Object.keys(broken)).toEqual(["unionMembers"]);
    expect(broken.unionMembers).toMatchObject({ code: "over_headcount", params: { max: 120 } });
    expect(broken.unionMembers?.reason).toContain("120");
  });

  it("more Party admissions than recommendations is rejected on partyAdmitted", () => {
    const broken = ruleViolations({ ...consistent, partyAdmitted: 7 });
    expect(Object.keys(broken)).toEqual(["partyAdmitted"]);
    expect(broken.partyAdmitted).toMatchObject({ code: "over_recommended", params: { max: 6 } });
    expect(broken.partyAdmitted?.reason).toContain("6");
  });

  it("every broken rule is reported at once", () => {
    expect(
      Object.keys(ruleViolations({ headcount: 10, unionMembers: 11, partyRecommended: 0, partyAdmitted: 1 })).sort(),
    ).toEqual(["partyAdmitted", "unionMembers"]);
  });
});
