// Checks an .xlsx (a zip) before exceljs opens it: a readable central directory, a sane number of
// parts, and uncompressed sizes within a budget, each part's real size checked by inflating it
// with a cap, so a zip bomb or a lying header is refused before anything large is allocated.
import zlib from "node:zlib";

export class ZipRejected extends Error {
  constructor(
    message: string,
    readonly kind: "broken" | "bomb",
  ) {
    super(message);
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function checkZip(buf: Buffer, limits: { maxUnzippedBytes: number; maxEntries?: number }): void {
  const maxEntries = limits.maxEntries ?? 2_000;
  const broken = (why: string) => new ZipRejected(`Tệp .xlsx bị hỏng (${why}): hãy mở và lưu lại bằng Excel`, "broken");
  // The end record sits in the last 22 bytes + up to 64 KB of comment.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw broken("không tìm thấy mục lục zip");
  const count = buf.readUInt16LE(eocd + 10);
  const dirSize = buf.readUInt32LE(eocd + 12);
  const dirOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw broken("zip64 không được hỗ trợ");
  if (count > maxEntries) throw new ZipRejected(`Tệp .xlsx có quá nhiều phần (${count})`, "bomb");
  if (dirOffset + dirSize > eocd) throw broken("mục lục zip sai");

  let total = 0;
  let p = dirOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw broken("mục lục zip sai");
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    p += 46 + nameLen + extraLen + commentLen;
    if (compressed === 0xffffffff || size === 0xffffffff) throw broken("zip64 không được hỗ trợ");
    total += size;
    if (total > limits.maxUnzippedBytes)
      throw new ZipRejected(
        `Tệp .xlsx giải nén ra quá lớn (hơn ${Math.round(limits.maxUnzippedBytes / 1048576)} MB): có thể là tệp độc hại`,
        "bomb",
      );
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw broken("phần nội dung sai");
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) throw broken("tệp bị cắt cụt");
    const data = buf.subarray(start, start + compressed);
    if (method === 0) {
      if (compressed !== size) throw broken("kích thước sai");
    } else if (method === 8) {
      let real: number;
      try {
        real = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, size) }).length;
      } catch (e) {
        if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE")
          throw new ZipRejected("Tệp .xlsx khai sai kích thước giải nén: có thể là tệp độc hại", "bomb");
        throw broken("dữ liệu nén hỏng");
      }
      if (real !== size) throw broken("kích thước sai");
    } else {
      throw broken(`kiểu nén ${method} không được hỗ trợ`);
    }
  }
}
