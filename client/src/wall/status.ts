// The header's right side, always on screen: connected / reconnecting / offline (a symbol, a colour
// and a word), the age of the data ("cập nhật 2 phút trước"), a clock, and while the figures may
// be out of date a "dữ liệu cũ" badge saying since when, and why when the server refuses the
// display. Rewritten every 10 s by one timer.
import { byId } from "../dom.ts";
import { formatAgo, formatClock, formatDateTime } from "../format.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";
import type { ConnectionState } from "../live.ts";

const REFRESH_MS = 10_000;

const CONNECTION: Record<ConnectionState, { text: MessageKey; mark: string }> = {
  connected: { text: "connectionConnected", mark: "●" },
  reconnecting: { text: "connectionReconnecting", mark: "◌" },
  offline: { text: "connectionOffline", mark: "✕" },
};

export interface WallStatus {
  setConnection(state: ConnectionState): void;
  setChangedAt(iso: string | null): void;
  /** The figures on screen may be out of date (kept, dimmed and badged). */
  setStale(stale: boolean): void;
  /** Something the person who set the screen up must fix (a refused token), or null. */
  setProblem(text: string | null): void;
}

export function createWallStatus(): WallStatus {
  const bar = byId("wall-status");
  const mark = byId("connection-mark");
  const text = byId("connection-text");
  const changed = byId<HTMLTimeElement>("changed-at");
  const clock = byId<HTMLTimeElement>("clock");
  const badge = byId("stale-badge");
  const problem = byId("wall-problem");
  let changedAt: Date | null = null;
  let staleSince: Date | null = null;

  const renderTimes = () => {
    const now = new Date();
    clock.textContent = formatClock(now);
    clock.dateTime = now.toISOString();
    if (changedAt) {
      const ago = formatAgo(changedAt, now);
      changed.textContent = ago === null ? t("updatedJustNow") : t("updatedAgo", { ago });
      changed.dateTime = changedAt.toISOString();
      changed.title = formatDateTime(changedAt);
    } else {
      changed.textContent = t("noChangesYet");
    }
    badge.hidden = staleSince === null;
    if (staleSince) badge.textContent = t("wallStaleSince", { time: formatClock(staleSince) });
  };

  renderTimes();
  window.setInterval(renderTimes, REFRESH_MS);

  return {
    setConnection(state) {
      bar.dataset.state = state;
      mark.textContent = CONNECTION[state].mark;
      text.textContent = t(CONNECTION[state].text);
    },
    setChangedAt(iso) {
      const at = iso ? new Date(iso) : null;
      changedAt = at && !Number.isNaN(at.getTime()) ? at : null;
      renderTimes();
    },
    setProblem(text) {
      problem.hidden = text === null;
      problem.textContent = text ?? "";
    },
    setStale(stale) {
      if (stale === (staleSince !== null)) return;
      staleSince = stale ? new Date() : null;
      renderTimes();
    },
  };
}
