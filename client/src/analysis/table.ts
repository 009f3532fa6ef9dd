// The enterprise table: one page from the server (sorted and paged there, so hundreds of
// thousands of rows cost one page of DOM), every column sortable from its header. Live changes
// rewrite the rows on screen in place and never reorder them under the cursor; the order is
// brought up to date when the analyst sorts, turns the page or changes the filter.
import { ORGANISATIONS, ORGANISATION_FIELD, SECTORS } from "../../../contract/codes.ts";
import { densityOf } from "../../../contract/density.ts";
import type { District, Enterprise } from "../../../contract/enterprise.ts";
import type { FilterQuery } from "../../../contract/filter.ts";
import { byId, el, flash, screenReaderText } from "../dom.ts";
import { formatCount, formatEventTime, formatPercent } from "../format.ts";
import { language, t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";
import { ORGANISATION_TEXT } from "../dashboard/table-row.ts";
import { analysisApi } from "./requests.ts";

export const PAGE_SIZE = 50;

interface Column {
  sort: string;
  label: () => string;
  title?: () => string;
  numeric?: boolean;
  cell: (e: Enterprise, districtName: (id: number) => string) => HTMLTableCellElement;
}

const OWNERSHIP_KEY = {
  STATE: "ownershipSTATE",
  DOMESTIC: "ownershipDOMESTIC",
  FDI: "ownershipFDI",
  COOPERATIVE: "ownershipCOOPERATIVE",
} as const;
const num = (v: string) => el("td", { class: "num", text: v });
const mark = (present: boolean) =>
  el("td", { class: present ? "org org-present" : "org org-missing" }, [
    el("span", { class: "org-mark", text: present ? "✓" : "✗", attrs: { "aria-hidden": "true" } }),
    screenReaderText(t(present ? "markPresent" : "markMissing")),
  ]);
const text = (key: MessageKey) => () => t(key);

function columns(onOpen: (id: number) => void): Column[] {
  return [
    {
      sort: "name",
      label: text("colName"),
      cell: (e) => {
        const open = el("a", {
          class: "enterprise-link",
          text: e.name,
          attrs: { href: `?level=enterprise&enterprise=${e.id}` },
        });
        open.addEventListener("click", (ev) => {
          ev.preventDefault();
          onOpen(e.id);
        });
        return el("th", { class: "col-name", attrs: { scope: "row" } }, [open]);
      },
    },
    { sort: "taxCode", label: text("colTaxCode"), cell: (e) => el("td", { text: e.taxCode }) },
    { sort: "districtId", label: text("colArea"), cell: (e, d) => el("td", { text: d(e.districtId) }) },
    {
      sort: "sector",
      label: text("colSector"),
      cell: (e) =>
        el("td", {}, [
          el("abbr", {
            text: e.sector,
            attrs: { title: SECTORS.find((s) => s.code === e.sector)?.[language()] ?? e.sector },
          }),
        ]),
    },
    { sort: "ownership", label: text("colOwnership"), cell: (e) => el("td", { text: t(OWNERSHIP_KEY[e.ownership]) }) },
    { sort: "headcount", label: text("colHeadcount"), numeric: true, cell: (e) => num(formatCount(e.headcount)) },
    {
      sort: "unionMembers",
      label: text("colUnionMembers"),
      numeric: true,
      cell: (e) => num(formatCount(e.unionMembers)),
    },
    {
      sort: "density",
      label: text("colDensity"),
      numeric: true,
      cell: (e) => num(formatPercent(densityOf(e.unionMembers, e.headcount))),
    },
    ...ORGANISATIONS.map((o): Column => ({
      sort: ORGANISATION_FIELD[o],
      label: () => t(ORGANISATION_TEXT[o].short),
      title: () => t(ORGANISATION_TEXT[o].full),
      cell: (e) => mark(e[ORGANISATION_FIELD[o]]),
    })),
    {
      sort: "partyRecommended",
      label: text("colPartyRecommended"),
      numeric: true,
      cell: (e) => num(formatCount(e.partyRecommended)),
    },
    {
      sort: "partyAdmitted",
      label: text("colPartyAdmitted"),
      numeric: true,
      cell: (e) => num(formatCount(e.partyAdmitted)),
    },
    { sort: "initiatives", label: text("colInitiatives"), numeric: true, cell: (e) => num(formatCount(e.initiatives)) },
    {
      sort: "updatedAt",
      label: text("colUpdatedAt"),
      cell: (e) => el("td", { text: formatEventTime(new Date(e.updatedAt)), attrs: { title: e.updatedAt } }),
    },
  ];
}

export interface AnalysisTable {
  load(filter: FilterQuery, sort: string, page: number): Promise<void>;
  reload(): Promise<void>;
  applyChanges(enterprises: readonly Enterprise[]): void;
  setDistricts(districts: readonly District[]): void;
  relabel(): void;
}

export function createAnalysisTable(handlers: {
  onSort: (sort: string) => void;
  onPage: (page: number) => void;
  onOpen: (id: number) => void;
  onError: (e: unknown) => void;
}): AnalysisTable {
  const table = byId<HTMLTableElement>("enterprise-table");
  const thead = table.createTHead();
  const tbody = table.tBodies[0] ?? table.createTBody();
  const prev = byId<HTMLButtonElement>("page-prev");
  const next = byId<HTMLButtonElement>("page-next");
  const range = byId("page-range");
  const cols = columns(handlers.onOpen);

  let filter: FilterQuery = {};
  let sort = "priority";
  let page = 1;
  let total = 0;
  let items: Enterprise[] = [];
  let rows = new Map<number, HTMLTableRowElement>();
  let names = new Map<number, string>();
  let inFlight: AbortController | null = null;
  const districtName = (id: number) => names.get(id) ?? String(id);
  const lastPage = () => Math.max(1, Math.ceil(total / PAGE_SIZE));

  const fill = (tr: HTMLTableRowElement, e: Enterprise) => {
    tr.dataset.enterpriseId = String(e.id);
    tr.replaceChildren(...cols.map((c) => c.cell(e, districtName)));
  };

  const renderHead = () => {
    const desc = sort.startsWith("-");
    const field = desc ? sort.slice(1) : sort;
    thead.replaceChildren(
      el(
        "tr",
        {},
        cols.map((c) => {
          const active = c.sort === field;
          const button = el("button", {
            class: "sort-button",
            text: c.label(),
            attrs: { type: "button", title: c.title?.() ?? t("sortBy", { column: c.label() }) },
          });
          if (active)
            button.append(
              el("span", { class: "sort-mark", text: desc ? " ▼" : " ▲", attrs: { "aria-hidden": "true" } }),
            );
          // Numbers read best largest first; text A to Z.
          button.addEventListener("click", () =>
            handlers.onSort(active ? (desc ? field : `-${field}`) : c.numeric ? `-${c.sort}` : c.sort),
          );
          return el(
            "th",
            {
              class: c.numeric ? "num" : "",
              attrs: {
                scope: "col",
                "data-sort": c.sort,
                "aria-sort": active ? (desc ? "descending" : "ascending") : "none",
              },
            },
            [button],
          );
        }),
      ),
    );
  };

  const renderRows = () => {
    rows = new Map();
    if (items.length === 0) {
      tbody.replaceChildren(
        el("tr", {}, [
          el("td", { class: "table-empty", text: t("tableEmpty"), attrs: { colspan: String(cols.length) } }),
        ]),
      );
    } else {
      tbody.replaceChildren(
        ...items.map((e) => {
          const tr = el("tr");
          fill(tr, e);
          rows.set(e.id, tr);
          return tr;
        }),
      );
    }
    const from = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
    const to = Math.min(total, (page - 1) * PAGE_SIZE + items.length);
    range.textContent = t("tableRange", { from: formatCount(from), to: formatCount(to), total: formatCount(total) });
    table.dataset.total = String(total);
    prev.disabled = page <= 1;
    next.disabled = page >= lastPage();
  };

  const load = async (nextFilter: FilterQuery, nextSort: string, nextPage: number) => {
    filter = nextFilter;
    sort = nextSort;
    page = nextPage;
    renderHead();
    inFlight?.abort();
    const request = (inFlight = new AbortController());
    table.setAttribute("aria-busy", "true");
    try {
      const list = await analysisApi.list(filter, sort, page, PAGE_SIZE, request.signal);
      if (request !== inFlight) return;
      total = list.total;
      if (list.items.length === 0 && total > 0 && page > 1) {
        handlers.onPage(lastPage());
        return;
      }
      items = list.items;
      renderRows();
    } catch (e) {
      if (!request.signal.aborted) handlers.onError(e);
    } finally {
      if (request === inFlight) {
        inFlight = null;
        table.removeAttribute("aria-busy");
      }
    }
  };

  prev.addEventListener("click", () => {
    if (page > 1) handlers.onPage(page - 1);
  });
  next.addEventListener("click", () => {
    if (page < lastPage()) handlers.onPage(page + 1);
  });

  const relabel = () => {
    prev.textContent = t("pagePrevious");
    next.textContent = t("pageNext");
    renderHead();
    renderRows();
  };
  relabel();

  return {
    load,
    reload: () => load(filter, sort, page),
    applyChanges(changed) {
      for (const e of changed) {
        const tr = rows.get(e.id);
        const shown = items.find((x) => x.id === e.id);
        if (!tr || !shown || shown.version >= e.version) continue;
        items = items.map((x) => (x.id === e.id ? e : x));
        fill(tr, e);
        flash(tr);
      }
    },
    setDistricts(districts) {
      names = new Map(districts.map((d) => [d.id, d.name]));
      renderRows();
    },
    relabel,
  };
}
