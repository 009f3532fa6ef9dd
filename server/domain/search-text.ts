// Accent- and case-insensitive search for Vietnamese: "Công ty Đại Phát" and "cong ty dai phat"
// both become "cong ty dai phat".

export function searchTextOf(...parts: string[]): string {
  return parts
    .join(" ")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}
