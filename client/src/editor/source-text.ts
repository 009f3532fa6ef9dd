// A change's source as the server recorded it, with what the client claimed beside it (the editor's
// history and the administrator's log show both).
import { t, type MessageKey } from "../i18n/index.ts";

export function sourceText(source: string, claimedSource: string | null): string {
  const known = t(`editor.source${source}` as MessageKey);
  return claimedSource
    ? t("editor.sourceClaim", { source: known, claim: t(`editor.source${claimedSource}` as MessageKey) })
    : known;
}
