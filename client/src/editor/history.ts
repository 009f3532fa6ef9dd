// An enterprise's history: who changed which fields from what to what, when and through what.
import type { ChangeLogEntry } from "../../../contract/change-log.ts";
import { el } from "../dom.ts";
import { formatDateTime } from "../format.ts";
import { t } from "../i18n/index.ts";
import { sourceText } from "./source-text.ts";
import { fieldLabel, type FieldName } from "./form.ts";

export function renderHistory(
  host: HTMLElement,
  items: ChangeLogEntry[],
  show: (f: FieldName, v: unknown) => string,
): void {
  const time = { format: formatDateTime };
  const heading = el("h2", { text: t("editor.historyHeading") });
  if (!items.length) {
    host.replaceChildren(heading, el("p", { text: t("editor.historyEmpty") }));
    return;
  }
  const list = el(
    "ol",
    { attrs: { "data-history": "" } },
    items.map((h) => {
      const diff =
        h.action === "create"
          ? t("editor.actioncreate")
          : Object.entries(h.diff)
              .map(
                ([f, [from, to]]) =>
                  `${fieldLabel(f as FieldName)}: ${show(f as FieldName, from)} → ${show(f as FieldName, to)}`,
              )
              .join("; ");
      return el("li", { attrs: { "data-seq": String(h.seq) } }, [
        el("div", {
          text: t("editor.historyEntry", {
            time: time.format(new Date(h.at)),
            actor: h.actor,
            source: sourceText(h.source, h.claimedSource),
          }),
        }),
        el("div", { class: "diff", text: diff }),
      ]);
    }),
  );
  host.replaceChildren(heading, list);
}
