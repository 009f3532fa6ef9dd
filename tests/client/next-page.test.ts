// Where the login page sends you afterwards: only a page of this site, judged after the address is
// parsed the way the browser parses it (tabs and newlines dropped, backslashes read as slashes).
import { describe, expect, it } from "vitest";
import { nextPageOf } from "../../client/src/next-page.ts";

const ORIGIN = "http://127.0.0.1:3000";
const nextOf = (query: string) => nextPageOf(new URLSearchParams(query).get("next"), ORIGIN);

describe("the page after login", () => {
  it("keeps a path of this site with its query and fragment", () => {
    expect(nextOf("next=%2Feditor.html%3Fq%3Dx%23row")).toBe("/editor.html?q=x#row");
    expect(nextOf("next=/analysis.html")).toBe("/analysis.html");
    expect(nextOf("")).toBe("/");
  });

  it.each([
    "next=/%09/evil.example/x",
    "next=/%0a/evil.example/x",
    "next=/%0d/evil.example/x",
    "next=%09//evil.example/x",
    "next=//evil.example/x",
    "next=%2F%2Fevil.example%2Fx",
    "next=/%5Cevil.example/x",
    "next=%5C%5Cevil.example/x",
    "next=/%5C/evil.example/x",
    "next=/%09%5C/evil.example/x",
    "next=https://evil.example/x",
    "next=https:evil.example",
    "next=javascript:alert(1)",
    "next=%20//evil.example/x",
  ])("never leaves the site for %s", (query) => {
    const next = nextOf(query);
    const landed = new URL(next, ORIGIN);
    expect(landed.origin).toBe(ORIGIN);
    // What location.assign receives is a path, never a protocol-relative address.
    expect(next).toMatch(/^\/(?![/\\])/);
  });

  it("turns a full address of this site with a doubled slash into a plain path", () => {
    expect(nextOf(`next=${encodeURIComponent(`${ORIGIN}//evil.example/x`)}`)).toBe("/evil.example/x");
  });
});
