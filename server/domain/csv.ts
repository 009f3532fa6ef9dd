// CSV text → rows of fields (RFC 4180: quoted fields with "" inside, separators and line breaks
// inside quotes, CRLF, LF or CR). The separator is guessed from the header line: Excel in a
// Vietnamese locale saves with ";", elsewhere with ","; tab-separated text is taken too.

export class CsvError extends Error {
  constructor(
    message: string,
    readonly kind: "syntax" | "rows" | "columns" = "syntax",
  ) {
    super(message);
  }
}

export interface CsvTable {
  separator: "," | ";" | "\t";
  /** Records in file order; row = the record's number (1 = the first line), as a spreadsheet counts. */
  rows: { row: number; cells: string[] }[];
}

export function guessSeparator(text: string): CsvTable["separator"] {
  // Count on the first record only, outside quotes.
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && (c === "," || c === ";" || c === "\t")) counts[c]++;
  }
  if (counts[";"] > counts[","] && counts[";"] >= counts["\t"]) return ";";
  if (counts["\t"] > counts[","]) return "\t";
  return ",";
}

/** Parses the whole text; throws CsvError with a line number when a quote is never closed, and
 *  when there are more than maxRows records or maxColumns fields in one. */
export function parseCsv(input: string, limits: { maxRows: number; maxColumns: number }): CsvTable {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const separator = guessSeparator(text);
  const rows: CsvTable["rows"] = [];
  let cells: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;

  const endField = () => {
    cells.push(field);
    field = "";
    if (cells.length > limits.maxColumns)
      throw new CsvError(`Dòng ${recordLine} có hơn ${limits.maxColumns} cột`, "columns");
  };
  const endRecord = () => {
    endField();
    rows.push({ row: rows.length + 1, cells });
    if (rows.length > limits.maxRows)
      throw new CsvError(`Tệp có hơn ${limits.maxRows.toLocaleString("vi-VN")} dòng`, "rows");
    cells = [];
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '"' && field === "") {
      // A quoted field: up to the closing quote; "" is one quote.
      const start = line;
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new CsvError(`Dấu ngoặc kép mở ở dòng ${start} không được đóng`);
        const chunk = text.slice(i, q);
        for (const ch of chunk) if (ch === "\n") line++;
        field += chunk;
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // Text after the closing quote up to the separator is kept (lenient, as Excel is).
      continue;
    }
    if (c === separator) {
      endField();
      i++;
      continue;
    }
    if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    // Plain run up to the next special character, in one slice (fast on large files).
    let j = i + 1;
    while (j < n) {
      const d = text[j]!;
      if (d === separator || d === "\r" || d === "\n") break;
      j++;
    }
    field += text.slice(i, j);
    i = j;
  }
  if (field !== "" || cells.length > 0) endRecord();
  return { separator, rows };
}
