// Builds DOM nodes from data with createElement and textContent only: enterprise names and other
// user text can never become markup.

interface Options {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  opts: Options = {},
  children: (Node | null)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (opts.class) node.className = opts.class;
  if (opts.text !== undefined) node.textContent = opts.text;
  for (const [name, value] of Object.entries(opts.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(child);
  return node;
}

/** The element with this id, which the page must have: a missing one is a bug in index.html. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`index.html has no #${id}`);
  return node as T;
}

/** Text only screen readers hear, e.g. "missing" next to a ✗. */
export const screenReaderText = (text: string) => el("span", { class: "visually-hidden", text });

/**
 * Marks a node as just changed for a moment. The class is removed and re-added so a second change
 * during the highlight restarts it.
 */
export function flash(node: HTMLElement, ms = 900): void {
  node.classList.remove("is-changed");
  void node.offsetWidth; // reflow, so the browser sees the class go and come back
  node.classList.add("is-changed");
  const timer = Number(node.dataset.flashTimer);
  if (timer) clearTimeout(timer);
  node.dataset.flashTimer = String(
    window.setTimeout(() => {
      node.classList.remove("is-changed");
      delete node.dataset.flashTimer;
    }, ms),
  );
}

/** Ends a highlight at once, e.g. when a new filter replaces the value that had changed. */
export function settle(node: HTMLElement): void {
  if (!node.classList.contains("is-changed")) return;
  const timer = Number(node.dataset.flashTimer);
  if (timer) clearTimeout(timer);
  delete node.dataset.flashTimer;
  node.classList.add("is-settled");
  node.classList.remove("is-changed");
  void node.offsetWidth; // apply the change without a transition before allowing one again
  node.classList.remove("is-settled");
}
