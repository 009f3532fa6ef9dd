// The status bar: is the page live, and when did the figures last change. The time is relative
// ("cập nhật 2 phút trước"), so it is rewritten every 15 seconds even when nothing happens.
import { byId } from "../dom.ts";
import { formatAgo, formatDateTime } from "../format.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";
import type { ConnectionState } from "../live.ts";

const REFRESH_MS = 15_000;

const CONNECTION_TEXT: Record<ConnectionState, MessageKey> = {
  connected: "connectionConnected",
  reconnecting: "connectionReconnecting",
  offline: "connectionOffline",
};

export interface Problem {
  key: MessageKey;
  message: string;
}

export interface StatusBar {
  setConnection(state: ConnectionState): void;
  setChangedAt(iso: string | null): void;
  /** A problem to show until cleared with null; key is a message with a {message} slot. */
  setProblem(problem: Problem | null): void;
  relabel(): void;
}

export function createStatusBar(): StatusBar {
  const bar = byId("status");
  const connectionText = byId("connection-text");
  const changed = byId<HTMLTimeElement>("changed-at");
  const problem = byId("problem");

  let connection: ConnectionState = "reconnecting";
  let changedAt: Date | null = null;
  let current: Problem | null = null;

  const renderConnection = () => {
    bar.dataset.state = connection;
    connectionText.textContent = t(CONNECTION_TEXT[connection]);
  };

  const renderChanged = () => {
    if (!changedAt) {
      changed.textContent = t("noChangesYet");
      changed.removeAttribute("datetime");
      changed.removeAttribute("title");
      return;
    }
    const ago = formatAgo(changedAt);
    changed.textContent = ago === null ? t("updatedJustNow") : t("updatedAgo", { ago });
    changed.dateTime = changedAt.toISOString();
    changed.title = formatDateTime(changedAt);
  };

  const renderProblem = () => {
    problem.hidden = current === null;
    problem.textContent = current ? t(current.key, { message: current.message }) : "";
  };

  window.setInterval(renderChanged, REFRESH_MS);

  return {
    setConnection(state) {
      connection = state;
      renderConnection();
    },
    setChangedAt(iso) {
      const at = iso ? new Date(iso) : null;
      changedAt = at && !Number.isNaN(at.getTime()) ? at : null;
      renderChanged();
    },
    setProblem(next) {
      current = next;
      renderProblem();
    },
    relabel() {
      renderConnection();
      renderChanged();
      renderProblem();
    },
  };
}
