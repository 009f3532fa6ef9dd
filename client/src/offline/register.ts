/// <reference types="vite-plugin-pwa/vanillajs" />
// Registers the service worker (built by vite-plugin-pwa) from every page but the wall. A new
// release's worker takes over at once; the page then reloads into it unless it holds unsaved input.
import { registerSW } from "virtual:pwa-register";

const holds = new Set<() => boolean>();

/** While check() answers true (e.g. a form with unsaved changes), a new release waits for the next load. */
export function holdReloadWhile(check: () => boolean): void {
  holds.add(check);
}

if ("serviceWorker" in navigator) {
  registerSW({
    immediate: true,
    onNeedReload() {
      if (![...holds].some((held) => held())) location.reload();
    },
  });
}
