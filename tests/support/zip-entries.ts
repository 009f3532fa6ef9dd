// The files inside a zip (an .xlsx), read from its central directory: name → bytes, in the zip's
// order. Enough for comparing two spreadsheets' contents; no library needed for what zlib does.
import { inflateRawSync } from "node:zlib";

export function zipEntries(zip: Buffer): [string, Buffer][] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])); // end of central directory
  if (end < 0) throw new Error("not a zip: no end of central directory");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: [string, Buffer][] = [];
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    // The local header's name and extra field may differ in length from the central directory's.
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const stored = zip.subarray(data, data + size);
    entries.push([name, method === 0 ? Buffer.from(stored) : inflateRawSync(stored)]);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
