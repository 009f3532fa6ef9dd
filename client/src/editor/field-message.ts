// A field reason in English (from zod in the form or from the server's 400) matched to its
// catalogue message; to be replaced by error codes.
import { t, type MessageKey } from "../i18n/index.ts";

/** The contract's (and so the server's) English field reasons, each with its catalog message. */
const FIELD_MESSAGES: [RegExp, string][] = [
  [/^must be a number$/, "msgNumber"],
  [/^must be a whole number$/, "msgWhole"],
  [/^must not be negative$/, "msgNegative"],
  [/^is too large$/, "msgTooLarge"],
  [/^must be text$/, "msgText"],
  [/^must not be empty$/, "msgEmpty"],
  [/^must be at most (\d+) characters$/, "msgMaxChars"],
  [/^must not contain control characters$/, "msgControl"],
  [/^must be 10 digits/, "msgTaxCode"],
  [/^must be one of /, "msgOwnership"],
  [/^must be a VSIC 2018 section/, "msgSector"],
  [/^must be true or false$/, "msgFlag"],
  [/^(must be a district id|is not a known district)/, "msgDistrict"],
  [/^must not exceed headcount \((\d+)\)$/, "msgOverHeadcount"],
  [/^must not exceed partyRecommended \((\d+)\)$/, "msgOverRecommended"],
  [/^is already registered/, "msgTaxTaken"],
  [/^is stale: the current version is (\d+)$/, "msgStale"],
  [/^is not a known field$/, "msgUnknownField"],
];

/** A field reason (from zod in this page or from the server's 400) in the active language. */
export function fieldMessage(reason: string): string {
  for (const [pattern, key] of FIELD_MESSAGES) {
    const m = pattern.exec(reason);
    if (m) return t(`editor.${key}` as MessageKey, { n: m[1] ?? "" });
  }
  return reason; // a reason this page does not know yet: the server's words are better than none
}
