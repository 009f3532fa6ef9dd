// The print page of the period report (/report.html?from=…&to=…[&district=…][&lang=en]): a period
// picker, the report laid out as a Vietnamese union report (A4, see report.css), and the same report
// to download as Word and xlsx or to print. Vietnamese unless the address says lang=en.
import "./offline/register.ts"; // the installable app's service worker (not on the wall)
import type { PeriodReport } from "../../contract/report.ts";
import { reportLayout } from "../../contract/report-layout.ts";
import { ApiRequestError, api, getJson, messageOf } from "./api.ts";
import { createDayField } from "./day-field.ts";
import { byId } from "./dom.ts";
import { applyPageText, initLanguage, t } from "./i18n/index.ts";
import { renderReport } from "./report-render.ts";
import { mountNav } from "./nav.ts";
import { requireSession } from "./session.ts";

const params = new URLSearchParams(location.search);
const lang = params.get("lang") === "en" ? "en" : "vi";
initLanguage(`?lang=${lang}`);
applyPageText(document, "report.pageTitle");
mountNav(await requireSession());

/** Today in Viet Nam (UTC+7), YYYY-MM-DD. */
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const from = params.get("from") ?? `${today.slice(0, 4)}-01-01`;
const to = params.get("to") ?? today;

/** The report's query: the period, the language and whatever filters the address carries. */
function query(over: Record<string, string> = {}): string {
  const q = new URLSearchParams(params);
  q.set("from", from);
  q.set("to", to);
  for (const [k, v] of Object.entries(over)) q.set(k, v);
  return q.toString();
}

// Typed dd/mm/yyyy in either language, whatever the browser's own date order.
const fromField = createDayField({ input: byId<HTMLInputElement>("report-from"), value: from, required: true });
const toField = createDayField({ input: byId<HTMLInputElement>("report-to"), value: to, required: true, max: today });
byId<HTMLAnchorElement>("report-docx").href = `/api/reports/period.docx?${query({ lang })}`;
byId<HTMLAnchorElement>("report-xlsx").href = `/api/reports/period.xlsx?${query({ lang })}`;
const other = lang === "vi" ? "en" : "vi";
const langLink = byId<HTMLAnchorElement>("report-lang");
langLink.href = `/report.html?${query({ lang: other })}`;
langLink.textContent = other === "en" ? "English" : "Tiếng Việt";
langLink.lang = other;

byId("report-toolbar").addEventListener("submit", (e) => {
  e.preventDefault();
  if (![fromField, toField].map((f) => f.check()).every(Boolean)) return;
  const q = new URLSearchParams(params);
  q.set("from", fromField.day);
  q.set("to", toField.day);
  location.assign(`/report.html?${q.toString()}`);
});
byId("report-print").addEventListener("click", () => window.print());

const sheet = byId("report");
const problem = byId("report-problem");
sheet.textContent = t("report.loading");
try {
  const { lang: _lang, ...rest } = Object.fromEntries(new URLSearchParams(query()));
  const [report, province] = await Promise.all([
    getJson<PeriodReport>(`/api/reports/period?${new URLSearchParams(rest).toString()}`),
    api.province(),
  ]);
  if (!province) {
    sheet.textContent = t("report.noProvince");
  } else {
    renderReport(sheet, reportLayout(report, province.name, lang));
    document.documentElement.dataset.reportSeq = String(report.seq);
  }
} catch (e) {
  sheet.textContent = "";
  const fields = e instanceof ApiRequestError ? e.body.error.fields : undefined;
  problem.textContent = fields
    ? Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join("; ")
    : messageOf(e);
  problem.hidden = false;
} finally {
  sheet.setAttribute("aria-busy", "false");
}
