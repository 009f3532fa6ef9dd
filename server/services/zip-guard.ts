// Checks an .xlsx (a zip) before exceljs opens it: a readable central directory, a sane number of
// parts, uncompressed sizes within a budget (in all and per part), each part's real size checked by
// inflating it as a stream, and no run of XML text longer than a cell can hold, so a zip bomb, a
// lying header or one enormous string is refused before anything large is allocated.
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

export interface ZipLimits {
  maxUnzippedBytes: number;
  /** One part (the sheet's XML is the largest) unpacked. */
  maxPartBytes: number;
  /** Bytes of XML between two tags (one cell's text, one shared string): a cell holds 32,767
   *  characters at most, and no character takes more than 8 bytes of XML (&#65535;). */
  maxXmlTextBytes: number;
  maxEntries?: number;
}

export async function checkZip(buf: Buffer, limits: ZipLimits): Promise<void> {
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
    const name = buf.toString("utf8", p - commentLen - extraLen - nameLen, p - commentLen - extraLen);
    if (size > limits.maxPartBytes)
      throw new ZipRejected(
        `Tệp .xlsx có một phần giải nén ra quá lớn (hơn ${Math.round(limits.maxPartBytes / 1048576)} MB): hãy chia thành nhiều tệp`,
        "bomb",
      );
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
      if (isXml(name)) checkXmlText([data], limits.maxXmlTextBytes);
    } else if (method === 8) {
      const real = await inflatedSize(data, size, isXml(name) ? limits.maxXmlTextBytes : Infinity, broken);
      if (real !== size) throw broken("kích thước sai");
    } else {
      throw broken(`kiểu nén ${method} không được hỗ trợ`);
    }
  }
}

const isXml = (name: string) => /\.(xml|rels|vml)$/i.test(name);

const tooLongText = () =>
  new ZipRejected("Tệp .xlsx có một ô dài quá 32.767 ký tự (giới hạn của Excel): có thể là tệp độc hại", "bomb");

/** Throws when a run of bytes between two "<" (a text node, or a tag) is longer than maxRun.
 *  `state` carries the run across chunks of one part. */
function checkXmlText(chunks: Iterable<Buffer>, maxRun: number, state = { run: 0 }): void {
  for (const chunk of chunks) {
    let from = 0;
    for (;;) {
      const lt = chunk.indexOf(0x3c, from);
      const end = lt < 0 ? chunk.length : lt;
      state.run += end - from;
      if (state.run > maxRun) throw tooLongText();
      if (lt < 0) break;
      state.run = 0;
      from = lt + 1;
    }
  }
}

/** The part's real unpacked size, inflated as a stream (a chunk at a time, never the whole part),
 *  stopping as soon as it exceeds what the directory declared or holds a text run that is too long. */
function inflatedSize(
  data: Buffer,
  declared: number,
  maxRun: number,
  broken: (why: string) => ZipRejected,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = zlib.createInflateRaw();
    const state = { run: 0 };
    let real = 0;
    let done = false;
    const fail = (e: Error) => {
      if (done) return;
      done = true;
      inflate.destroy();
      reject(e);
    };
    inflate.on("data", (chunk: Buffer) => {
      real += chunk.length;
      if (real > declared)
        return fail(new ZipRejected("Tệp .xlsx khai sai kích thước giải nén: có thể là tệp độc hại", "bomb"));
      if (maxRun !== Infinity) {
        try {
          checkXmlText([chunk], maxRun, state);
        } catch (e) {
          fail(e as Error);
        }
      }
    });
    inflate.on("error", () => fail(broken("dữ liệu nén hỏng")));
    inflate.on("end", () => {
      if (done) return;
      done = true;
      resolve(real);
    });
    inflate.end(data);
  });
}
