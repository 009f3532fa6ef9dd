// The work list: enterprises under the filter in priority order (no union first, largest
// first), a page at a time. Live changes rewrite the rows on screen in place; whatever could
// reorder the list (a new filter, missed changes) loads the page again.
import type { District, Enterprise } from "../../../contract/enterprise.ts";
import type { FilterQuery } from "../../../contract/filter.ts";
import { api } from "../api.ts";
import { byId, el, flash } from "../dom.ts";
import { formatCount } from "../format.ts";
import { t } from "../i18n/index.ts";
import { fillRow, headerRow } from "./table-row.ts";

export const PAGE_SIZE = 25;

/** The later of two states of one enterprise (each accepted change raises its version). */
const newer = (a: Enterprise | undefined, b: Enterprise): Enterprise => (a && a.version > b.version ? a : b);

export interface PriorityTable {
  load(filter: FilterQuery, page: number): Promise<void>;
  /** The same filter and page again, e.g. after missed changes. */
  reload(): Promise<void>;
  applyChanges(enterprises: readonly Enterprise[]): void;
  setDistricts(districts: readonly District[]): void;
  relabel(): void;
  /** The last load failed: the next chance (a reconnect) should try again. */
  readonly failed: boolean;
}

export function createPriorityTable(handlers: {
  onPage: (page: number) => void;
  onError: (e: unknown) => void;
}): PriorityTable {
  const table = byId<HTMLTableElement>("priority-table");
  const thead = table.createTHead();
  const tbody = table.tBodies[0] ?? table.createTBody();
  const prev = byId<HTMLButtonElement>("page-prev");
  const next = byId<HTMLButtonElement>("page-next");
  const range = byId("page-range");

  let filter: FilterQuery = {};
  let page = 1;
  let total = 0;
  let items: Enterprise[] = [];
  let rows = new Map<number, HTMLTableRowElement>();
  let districtNames = new Map<number, string>();
  let inFlight: AbortController | null = null;
  /** Enterprises that changed while a page was loading: the answer may predate them. */
  let changedDuringLoad = new Map<number, Enterprise>();
  let failed = false;

  const districtName = (id: number) => districtNames.get(id) ?? String(id);
  const lastPage = () => Math.max(1, Math.ceil(total / PAGE_SIZE));

  const renderRows = () => {
    rows = new Map();
    if (items.length === 0) {
      const empty = el("td", { class: "table-empty", text: t("tableEmpty"), attrs: { colspan: "11" } });
      tbody.replaceChildren(el("tr", {}, [empty]));
    } else {
      tbody.replaceChildren(
        ...items.map((e) => {
          const tr = el("tr");
          fillRow(tr, e, districtName);
          rows.set(e.id, tr);
          return tr;
        }),
      );
    }
    renderPager();
  };

  const renderPager = () => {
    const from = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
    const to = Math.min(total, (page - 1) * PAGE_SIZE + items.length);
    range.textContent = t("tableRange", { from: formatCount(from), to: formatCount(to), total: formatCount(total) });
    prev.disabled = page <= 1;
    next.disabled = page >= lastPage();
  };

  const load = async (nextFilter: FilterQuery, nextPage: number): Promise<void> => {
    filter = nextFilter;
    page = nextPage;
    inFlight?.abort();
    const request = (inFlight = new AbortController());
    changedDuringLoad = new Map();
    table.setAttribute("aria-busy", "true");
    try {
      const list = await api.priorityList(filter, page, PAGE_SIZE, request.signal);
      if (request !== inFlight) return;
      total = list.total;
      // A bookmarked page past the end (the list got shorter): show the last one instead.
      if (list.items.length === 0 && total > 0 && page > 1) {
        const last = lastPage();
        handlers.onPage(last);
        return load(filter, last);
      }
      items = list.items.map((e) => newer(changedDuringLoad.get(e.id), e));
      failed = false;
      renderRows();
    } catch (e) {
      if (request.signal.aborted) return;
      failed = true;
      handlers.onError(e);
    } finally {
      if (request === inFlight) {
        inFlight = null;
        table.removeAttribute("aria-busy");
      }
    }
  };

  const turn = (delta: number) => {
    const target = Math.min(lastPage(), Math.max(1, page + delta));
    if (target === page) return;
    handlers.onPage(target);
    void load(filter, target);
  };
  prev.addEventListener("click", () => turn(-1));
  next.addEventListener("click", () => turn(+1));

  const relabel = () => {
    thead.replaceChildren(headerRow());
    prev.textContent = t("pagePrevious");
    next.textContent = t("pageNext");
    renderRows();
  };
  relabel();

  return {
    load,
    reload: () => load(filter, page),
    applyChanges(changed) {
      for (const e of changed) {
        if (inFlight) changedDuringLoad.set(e.id, newer(changedDuringLoad.get(e.id), e));
        const tr = rows.get(e.id);
        const shown = items.find((x) => x.id === e.id);
        if (!tr || !shown || shown.version >= e.version) continue;
        items = items.map((x) => (x.id === e.id ? e : x));
        fillRow(tr, e, districtName);
        flash(tr);
      }
    },
    setDistricts(districts) {
      districtNames = new Map(districts.map((d) => [d.id, d.name]));
      renderRows();
    },
    relabel,
    get failed() {
      return failed;
    },
  };
}
