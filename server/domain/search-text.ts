// Accent- and case-insensitive search for Vietnamese: "Công ty Đại Phát" and "cong ty dai phat"
// both become "cong ty dai phat".

// The characters SQL LIKE treats specially (% and _ everywhere, \ in PostgreSQL) are swapped for
// look-alikes on both sides (stored text and query), so a search for "50%" finds "50%" and no
// query can turn into a wildcard.
const LIKE_SAFE: Record<string, string> = { "%": "\uFE6A", _: "\uFF3F", "\\": "\uFF3C" };

export function searchTextOf(...parts: string[]): string {
  return parts
    .join(" ")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[%_\\]/g, (c) => LIKE_SAFE[c]!)
    .replace(/\s+/g, " ")
    .trim();
}
