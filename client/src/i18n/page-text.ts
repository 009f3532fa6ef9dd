// Text written into index.html's static elements: data-i18n="key" sets the text,
// data-i18n-label="key" the aria-label, data-i18n-title="key" the title (a hint, not the name).
import { t } from "./index.ts";
import { vi, type MessageKey } from "./vi.ts";

const isMessageKey = (k: string | undefined): k is MessageKey => k !== undefined && Object.hasOwn(vi, k);

const TARGETS: [attribute: string, write: (node: HTMLElement, text: string) => void][] = [
  [
    "data-i18n",
    (node, text) => {
      node.textContent = text;
    },
  ],
  ["data-i18n-label", (node, text) => node.setAttribute("aria-label", text)],
  [
    "data-i18n-title",
    (node, text) => {
      node.title = text;
    },
  ],
];

export function applyPageText(root: ParentNode = document): void {
  for (const [attribute, write] of TARGETS) {
    for (const node of root.querySelectorAll<HTMLElement>(`[${attribute}]`)) {
      const key = node.getAttribute(attribute) ?? undefined;
      // A key the catalog lacks is a bug in index.html; say so rather than show nothing.
      if (isMessageKey(key)) write(node, t(key));
      else console.warn(`index.html asks for an unknown message: ${key}`);
    }
  }
  document.title = t("pageTitle");
}
