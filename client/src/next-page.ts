// Where the login page sends the officer afterwards: a page of this site only. The rule is judged on
// the address as the browser will parse it (it drops tabs and newlines and reads "\" as "/"), so
// "/\t/evil.example" cannot pass as a path and then become "//evil.example".
export function nextPageOf(next: string | null, origin: string): string {
  if (!next) return "/";
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return "/";
  }
  if (url.origin !== origin) return "/";
  // A same-site address may still have a doubled slash ("https://us//evil.example"): passed on as
  // a path that would be protocol-relative, so keep one slash.
  return `/${url.pathname.replace(/^\/+/, "")}${url.search}${url.hash}`;
}
