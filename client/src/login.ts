// The login page: username and password to POST /api/auth/login; on success back to the page that
// sent us here (same site only), else to the dashboard.
import "./offline/register.ts"; // the installable app's service worker (not on the wall)
import { isApiError } from "./api.ts";
import { byId } from "./dom.ts";
import { nextPageOf } from "./next-page.ts";
import { forgetOthers } from "./offline/forget.ts";
import { initLanguage, language, setLanguage, t } from "./i18n/index.ts";

initLanguage(location.search);
const form = byId<HTMLFormElement>("login-form");
const problem = byId("login-problem");

function render() {
  document.title = t("editor.loginTitle");
  byId("login-heading").textContent = t("editor.loginHeading");
  byId("label-username").textContent = t("editor.username");
  byId("label-password").textContent = t("editor.password");
  byId("login-submit").textContent = t("editor.loginButton");
  byId("lang-switch").textContent = language() === "vi" ? "English" : "Tiếng Việt";
}
render();
byId("lang-switch").addEventListener("click", () => {
  setLanguage(language() === "vi" ? "en" : "vi");
  render();
});

/** Only a page of this site: never another site an attacker put in the link (see next-page.ts).
 *  Without one, a district editor goes straight to the editor: updating is what they come for; a
 *  partner organisation to the coordination view, its work list. */
function nextPage(me: unknown): string {
  const next = new URLSearchParams(location.search).get("next");
  const role = typeof me === "object" && me !== null && "role" in me ? me.role : null;
  if (!next && role === "EDITOR") return "/editor.html";
  if (!next && role === "PARTNER") return "/coordination.html";
  return nextPageOf(next, location.origin);
}

function show(message: string) {
  problem.textContent = message;
  problem.hidden = false;
}

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  problem.hidden = true;
  const data = new FormData(form);
  const body = JSON.stringify({
    username: String(data.get("username") ?? ""),
    password: String(data.get("password") ?? ""),
  });
  let res: Response;
  try {
    res = await fetch("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body });
  } catch {
    show(t("editor.loginFailed", { message: "network" }));
    return;
  }
  if (res.ok) {
    const me: unknown = await res.json().catch(() => null); // read to the end, so leaving aborts nothing
    // Another account may have used this device: its cached answers and queued edits are not ours.
    const id = (me as { id?: unknown } | null)?.id;
    if (typeof id === "number") await forgetOthers(id);
    location.assign(nextPage(me));
    return;
  }
  const answer: unknown = await res.json().catch(() => null);
  if (res.status === 429)
    show(t("editor.loginLimited", { minutes: String(Math.ceil(Number(res.headers.get("retry-after") ?? "60") / 60)) }));
  else if (res.status === 401 || res.status === 400) show(t("editor.loginWrong"));
  else show(t("editor.loginFailed", { message: isApiError(answer) ? answer.error.message : `HTTP ${res.status}` }));
});
