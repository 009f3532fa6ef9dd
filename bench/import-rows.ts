// Import through Excel: a 20,000-row workbook end to end, as an administrator does it through the
// API (download the pre-filled template, change every row, dry run, apply in one transaction), and
// 20,000 new enterprises from a Vietnamese CSV. Target: seconds, not minutes (≤ 30 s for dry run +
// apply). bench/import.ts measures the CSV update path beside PATCHes; this one the .xlsx and creates.
import ExcelJS from "exceljs";
import { login } from "./support/api.ts";
import type { Measurement } from "./support/context.ts";
import { startUnionPulse } from "./support/servers.ts";
import { judged, type Row } from "./support/table.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const TARGET_S = 30;

async function post(
  url: string,
  cookie: string,
  body?: Buffer,
  type?: string,
): Promise<{ ms: number; json: Record<string, unknown> }> {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers: { cookie, ...(type ? { "content-type": type } : {}) },
    ...(body ? { body: new Uint8Array(body) } : {}),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return { ms: performance.now() - t0, json };
}

/** Dry run then apply; returns seconds for each and the summary. */
async function importFile(url: string, cookie: string, file: Buffer, type: string) {
  const dry = await post(`${url}/api/import/dry-run`, cookie, file, type);
  if (!dry.json.applicable) throw new Error(`dry run not applicable: ${JSON.stringify(dry.json.summary)}`);
  const apply = await post(`${url}/api/import/${String(dry.json.importId)}/apply`, cookie);
  return {
    dryS: dry.ms / 1000,
    applyS: apply.ms / 1000,
    summary: dry.json.summary as Record<string, number>,
    result: apply.json,
  };
}

function csvOfNew(n: number, offset: number): Buffer {
  const lines = [
    "Mã số thuế;Tên doanh nghiệp;Mã huyện;Ngành VSIC;Loại hình;Số lao động;Số đoàn viên;Có CĐCS;Có tổ chức Đảng;Có Đoàn TN;Có Hội LHPN;Có Hội CCB",
  ];
  for (let i = 0; i < n; i++) {
    lines.push(
      `${String(9_000_000_000 + offset + i)};Công ty TNHH Nhập Thử ${i + 1};AP0${(i % 9) + 1};C;Tư nhân trong nước;1.${String(i % 1000).padStart(3, "0")};${i % 500};Có;Không;Có;Không;Không`,
    );
  }
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`);
}

export const importRowsBench: Measurement = {
  name: "import-xlsx",
  async run(ctx) {
    const n = ctx.quick ? 2_000 : 20_000;
    const server = await startUnionPulse(await ctx.freshSqlite(n));
    try {
      const admin = await login(server.url, "admin");
      const rows: Row[] = [];

      ctx.progress(`import: template of every enterprise, ${n.toLocaleString("en-US")} rows changed`);
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/import/template.xlsx`, { headers: { cookie: admin.cookie } });
      const templateS = (performance.now() - t0) / 1000;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await res.arrayBuffer());
      const sheet = book.getWorksheet("Doanh nghiệp")!;
      const col = (sheet.getRow(1).values as unknown[]).indexOf("Sáng kiến");
      let changed = 0;
      sheet.eachRow((row, i) => {
        if (i === 1 || changed >= n) return;
        const cell = row.getCell(col);
        cell.value = Number(cell.value) + 1;
        changed++;
      });
      const file = Buffer.from(await book.xlsx.writeBuffer());
      const updated = await importFile(server.url, admin.cookie, file, XLSX);
      if (updated.summary.update !== n)
        throw new Error(`expected ${n} updates, got ${JSON.stringify(updated.summary)}`);
      rows.push(
        judged(
          {
            measure: `Import .xlsx, ${n.toLocaleString("en-US")} rows changed: dry run + apply`,
            figure: `${(updated.dryS + updated.applyS).toFixed(1)} s (${updated.dryS.toFixed(1)} + ${updated.applyS.toFixed(1)})`,
            reference: `template download ${templateS.toFixed(1)} s, ${(file.length / 1048576).toFixed(1)} MB`,
            target: `≤ ${TARGET_S} s`,
          },
          updated.dryS + updated.applyS,
          { max: TARGET_S, absolute: true },
        ),
      );
      ctx.progress(`import: ${n.toLocaleString("en-US")} new enterprises from a CSV`);
      const created = await importFile(server.url, admin.cookie, csvOfNew(n, 0), "text/csv");
      if (created.summary.create !== n)
        throw new Error(`expected ${n} creates, got ${JSON.stringify(created.summary)}`);
      rows.push(
        judged(
          {
            measure: `Import CSV, ${n.toLocaleString("en-US")} new rows: dry run + apply`,
            figure: `${(created.dryS + created.applyS).toFixed(1)} s (${created.dryS.toFixed(1)} + ${created.applyS.toFixed(1)})`,
            reference: "—",
            target: `≤ ${TARGET_S} s`,
          },
          created.dryS + created.applyS,
          { max: TARGET_S, absolute: true },
        ),
      );

      return rows;
    } finally {
      await server.close();
    }
  },
};
