// The period report as an editable Word file (issue 12 item 3): the layout of contract/report-layout.ts
// written with the `docx` package on A4, so Word shows what the print page shows.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { ReportLayout, ReportTable } from "../../contract/report-layout.ts";

const FONT = "Times New Roman";
/** A4 in twentieths of a point, and margins of 2 cm top/bottom, 3 cm left, 1.5 cm right (Decree 30/2020). */
const A4 = { width: 11906, height: 16838 };
const MARGIN = { top: 1134, bottom: 1134, left: 1701, right: 850 };
const NONE = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

const text = (t: string, o: { bold?: boolean; italics?: boolean; size?: number; underline?: boolean } = {}) =>
  new TextRun({
    text: t,
    font: FONT,
    size: o.size ?? 26,
    bold: o.bold,
    italics: o.italics,
    ...(o.underline ? { underline: {} } : {}),
  });
const line = (
  t: string,
  o: { bold?: boolean; italics?: boolean; size?: number; underline?: boolean; center?: boolean; after?: number } = {},
) =>
  new Paragraph({
    children: [text(t, o)],
    alignment: o.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    spacing: { after: o.after ?? 60 },
  });

/** Two columns without borders: the issuer and the motto, then the recipients and the signature. */
function sideBySide(left: Paragraph[], right: Paragraph[]) {
  const col = (children: Paragraph[]) =>
    new TableCell({ children, width: { size: 50, type: WidthType.PERCENTAGE }, borders: NO_BORDERS });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [col(left), col(right)] })],
  });
}

function figures(t: ReportTable) {
  const cell = (s: string, o: { bold?: boolean; right?: boolean }) =>
    new TableCell({
      children: [
        new Paragraph({
          children: [text(s, { bold: o.bold, size: 22 })],
          alignment: o.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        }),
      ],
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
    });
  const last = t.rows.length - 1;
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: t.head.map((h) => cell(h, { bold: true })) }),
      ...t.rows.map(
        (r, i) =>
          new TableRow({
            children: r.map((c, j) => cell(c.text, { bold: t.totalRow === true && i === last, right: j > 0 })),
          }),
      ),
    ],
  });
}

export function reportDocx(l: ReportLayout): Promise<Buffer> {
  const body = [
    sideBySide(
      [
        ...l.issuer.map((s) => line(s, { bold: true, center: true, size: 24 })),
        line(l.number, { center: true, size: 24 }),
      ],
      [
        line(l.motto, { bold: true, center: true, underline: true, size: 24 }),
        line(l.placeDate, { italics: true, center: true }),
      ],
    ),
    new Paragraph({ text: "", spacing: { after: 200 } }),
    ...l.title.map((t, i) => line(t, { bold: i < 2, center: true, size: i === 0 ? 30 : 26, italics: i > 1 })),
    new Paragraph({ text: "", spacing: { after: 120 } }),
    line(l.intro),
    ...l.sections.flatMap((s) => [
      line(s.heading, { bold: true, after: 80 }),
      ...s.paragraphs.map((p) => line(p)),
      figures(s.table),
      new Paragraph({ text: "", spacing: { after: 120 } }),
    ]),
    sideBySide(
      [
        line(l.recipients.heading, { bold: true, italics: true, size: 24 }),
        ...l.recipients.lines.map((s) => line(s, { size: 22 })),
      ],
      l.signature.map((s, i) => line(s, { bold: i < 2, italics: i === 2, center: true })),
    ),
  ];
  const appendix = [line(l.appendix.heading, { bold: true, center: true, after: 160 }), figures(l.appendix.table)];
  const page = { size: A4, margin: MARGIN };
  const doc = new Document({
    creator: "UnionPulse",
    title: l.title.join(" "),
    sections: [
      { properties: { page }, children: body },
      { properties: { page }, children: appendix },
    ],
  });
  return Packer.toBuffer(doc);
}
