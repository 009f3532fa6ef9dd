// The period report's layout (contract/report-layout.ts) as the print page's DOM: the header of a
// Vietnamese union report, title, numbered sections with their tables, signature block, appendix.
// Text only through textContent.
import type { ReportLayout, ReportTable } from "../../contract/report-layout.ts";
import { el } from "./dom.ts";

/** A table in a box of its own, which scrolls sideways on a screen narrower than the table. */
function table(t: ReportTable): HTMLElement {
  const last = t.rows.length - 1;
  const body = el("table", { class: "report-table", attrs: { "data-table": t.id } }, [
    el("thead", {}, [
      el(
        "tr",
        {},
        t.head.map((h) => el("th", { text: h, attrs: { scope: "col" } })),
      ),
    ]),
    el(
      "tbody",
      {},
      t.rows.map((r, i) =>
        el(
          "tr",
          t.totalRow && i === last ? { class: "total" } : {},
          r.map((c, j) =>
            j === 0
              ? el("th", { text: c.text, attrs: { scope: "row" } })
              : el("td", { text: c.text, attrs: c.value === undefined ? {} : { "data-value": String(c.value) } }),
          ),
        ),
      ),
    ),
  ]);
  return el("div", { class: "table-scroll" }, [body]);
}

export function renderReport(host: HTMLElement, l: ReportLayout): void {
  const header = el("header", { class: "report-head" }, [
    el("div", { class: "issuer" }, [
      ...l.issuer.map((s) => el("p", { class: "issuer-name", text: s })),
      el("p", { class: "doc-number", text: l.number }),
    ]),
    el("div", { class: "motto" }, [
      el("p", { class: "motto-name", text: l.motto }),
      el("p", { class: "place-date", text: l.placeDate }),
    ]),
  ]);
  const title = el("div", { class: "report-title" }, [
    el("h1", { text: l.title[0] ?? "" }),
    ...l.title.slice(1).map((s, i) => el("p", { class: i === 0 ? "subject" : "period", text: s })),
  ]);
  const sections = l.sections.map((s, i) =>
    el("section", { class: "report-section", attrs: { "data-section": String(i + 1) } }, [
      el("h2", { text: s.heading }),
      ...s.paragraphs.map((p) => el("p", { text: p })),
      table(s.table),
    ]),
  );
  const signature = el("footer", { class: "report-sign" }, [
    el("div", { class: "recipients" }, [
      el("p", { class: "recipients-head", text: l.recipients.heading }),
      ...l.recipients.lines.map((s) => el("p", { text: s })),
    ]),
    el(
      "div",
      { class: "signature" },
      l.signature.map((s, i) => el("p", { class: i === 2 ? "sign-note" : "sign-role", text: s })),
    ),
  ]);
  const appendix = el("section", { class: "report-appendix" }, [
    el("h2", { text: l.appendix.heading }),
    table(l.appendix.table),
  ]);
  host.replaceChildren(header, title, el("p", { class: "intro", text: l.intro }), ...sections, signature, appendix);
  host.lang = l.lang;
}
