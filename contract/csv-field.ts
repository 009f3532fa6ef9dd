// One CSV field as a spreadsheet will read it, for the server's table export and the browser's
// figures download alike. Excel splits on "," or, in a ";" locale such as Viet Nam's, on ";", and
// runs a cell that starts with = + - @ (or tab, CR) as a formula (OWASP "CSV injection").

/** Text a spreadsheet would take for a formula. */
export const looksLikeFormula = (s: string) => /^[=+\-@\t\r]/.test(s);

/** A field that holds a separator, a quote or a line break is quoted, and text that would start a
 *  formula gets an apostrophe: at its start, and after every separator or line break inside it,
 *  because a reader splitting on the other separator ignores our quotes there and starts a cell. */
export function csvField(v: string | number | null): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  const text = (looksLikeFormula(v) ? `'${v}` : v).replace(/([,;\t\r\n])(?=[=+\-@\t\r])/g, "$1'");
  return /[",;\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
