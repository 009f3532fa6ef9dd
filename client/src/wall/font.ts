// The wall's typeface, served from our own origin (Vite bundles the files; the CSP allows fonts from
// 'self' only): Be Vietnam Pro, drawn for Vietnamese, so a TV shows the same letters and the same
// line lengths whatever fonts its machine has. Only the weights and subsets the wall uses: Latin and
// Vietnamese (the browser fetches a file only when the page has a character in its range).
import "@fontsource/be-vietnam-pro/vietnamese-400.css";
import "@fontsource/be-vietnam-pro/latin-400.css";
import "@fontsource/be-vietnam-pro/vietnamese-600.css";
import "@fontsource/be-vietnam-pro/latin-600.css";
import "@fontsource/be-vietnam-pro/vietnamese-700.css";
import "@fontsource/be-vietnam-pro/latin-700.css";
import "@fontsource/be-vietnam-pro/vietnamese-800.css";
import "@fontsource/be-vietnam-pro/latin-800.css";

/** The same stack in CSS (wall.css) and on the charts' canvases; what follows the first is the fallback. */
export const FONT_FAMILY = '"Be Vietnam Pro", system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif';
