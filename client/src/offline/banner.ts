// The offline banner: says when the device is offline and how many edits wait to be sent
// ("2 thay đổi đang chờ gửi"), and lists edits the server refused, each to open or discard.
import { el } from "../dom.ts";
import { formatCount } from "../format.ts";
import { t } from "../i18n/index.ts";
import type { QueuedEdit } from "./edit-queue.ts";
import "./offline.css";

export interface OfflineBanner {
  element: HTMLElement;
  /** Shows the queue as it now is (call after every change, and on a change of language). */
  show(edits: QueuedEdit[]): void;
}

export function createOfflineBanner(actions: {
  open(edit: QueuedEdit): void;
  discard(edit: QueuedEdit): void;
  /** Why the server refused it, in the active language. */
  reason(edit: QueuedEdit): string;
}): OfflineBanner {
  const line = el("p", { class: "offline-line" });
  const refused = el("ul", { class: "offline-refused" });
  const element = el("section", { class: "offline-banner", attrs: { id: "offline-banner", role: "status" } }, [
    line,
    refused,
  ]);
  let last: QueuedEdit[] = [];

  function show(edits: QueuedEdit[]) {
    last = edits;
    const waiting = edits.filter((e) => !e.rejected).length;
    const offline = !navigator.onLine;
    const count = formatCount(waiting);
    const waitingText = waiting ? t(waiting === 1 ? "offline.waitingOne" : "offline.waiting", { count }) : "";
    line.textContent = offline
      ? `${t("offline.offline")}${waitingText ? ` · ${waitingText}` : ` · ${t("offline.keptHere")}`}`
      : waitingText;
    line.hidden = !line.textContent;
    element.dataset.waiting = String(waiting);
    element.dataset.online = String(!offline);
    refused.replaceChildren(
      ...edits
        .filter((e) => e.rejected)
        .map((e) => {
          const open = el("button", { class: "secondary", text: t("offline.open"), attrs: { type: "button" } });
          const discard = el("button", { class: "secondary", text: t("offline.discard"), attrs: { type: "button" } });
          open.addEventListener("click", () => actions.open(e));
          discard.addEventListener("click", () => actions.discard(e));
          return el("li", { attrs: { "data-refused": String(e.enterpriseId) } }, [
            el("span", { text: t("offline.refused", { name: e.name, message: actions.reason(e) }) }),
            open,
            discard,
          ]);
        }),
    );
    element.hidden = line.hidden && !refused.childElementCount;
  }
  const again = () => show(last);
  window.addEventListener("online", again);
  window.addEventListener("offline", again);
  show([]);
  return { element, show };
}
