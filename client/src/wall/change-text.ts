// What a change says on the ticker: "+12 đoàn viên", "thành lập công đoàn cơ sở"… read from the
// change's diff {field: [old, new]}. At most three parts, the ones a leader cares about first.
import type { ChangeItem, DiffValue } from "../../../contract/changes.ts";
import { formatCount, formatSignedCount } from "../format.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";

export interface ChangePart {
  text: string;
  /** up: good news for the federation's figures; down: a loss; neutral: neither. */
  tone: "up" | "down" | "neutral";
}

const MAX_PARTS = 3;

/** Counted fields, in the order they are told; more of each is good news. */
const COUNTS: [field: string, key: MessageKey][] = [
  ["unionMembers", "changeMembers"],
  ["partyAdmitted", "changePartyAdmitted"],
  ["partyRecommended", "changePartyRecommended"],
  ["initiatives", "changeInitiatives"],
  ["headcount", "changeHeadcount"],
];

/** Organisations other than the union, with the words for founding and losing one. */
const FLAGS: [field: string, name: MessageKey][] = [
  ["hasParty", "orgPartyFull"],
  ["hasYouthUnion", "orgYouthFull"],
  ["hasWomenUnion", "orgWomenFull"],
  ["hasVeterans", "orgVeteransFull"],
];

const num = (v: DiffValue | undefined) => (typeof v === "number" ? v : 0);

export function changeParts(item: ChangeItem): ChangePart[] {
  const { diff } = item;
  if (item.action === "create")
    return [{ text: t("changeCreated", { headcount: formatCount(num(diff.headcount?.[1])) }), tone: "neutral" }];
  const parts: ChangePart[] = [];
  const union = diff.hasUnion;
  if (union)
    parts.push(
      union[1] === true ? { text: t("changeUnionFounded"), tone: "up" } : { text: t("changeUnionLost"), tone: "down" },
    );
  for (const [field, key] of COUNTS) {
    const pair = diff[field];
    if (!pair) continue;
    const d = num(pair[1]) - num(pair[0]);
    if (d !== 0) parts.push({ text: t(key, { delta: formatSignedCount(d) }), tone: d > 0 ? "up" : "down" });
  }
  for (const [field, name] of FLAGS) {
    const pair = diff[field];
    if (!pair) continue;
    const org = t(name);
    parts.push(
      pair[1] === true
        ? { text: t("changeOrgFounded", { org }), tone: "up" }
        : { text: t("changeOrgLost", { org }), tone: "down" },
    );
  }
  if (parts.length === 0) parts.push({ text: t("changeDetails"), tone: "neutral" });
  return parts.slice(0, MAX_PARTS);
}
