// socket.io-client's own parser, except that a "changes" batch is not JSON-parsed: only its
// fromSeq and toSeq are read, from the front of the text. The bench's client processes share
// this machine's two cores with the server under test; parsing thousands of 12 KB batches a
// second there would take CPU from the server and put the clients' parsing time into the
// figures of both servers. Every byte is still received; batches are checked in full on one
// socket per process (./swarm-process.ts).
import { Decoder, Encoder, PacketType } from "socket.io-parser";

const PREFIX = '2["changes",{"fromSeq":';
// Both servers put fromSeq and toSeq first (the contract's order; the bare server copies a batch).
const SEQS = /^2\["changes",\{"fromSeq":(\d+),"toSeq":(\d+)[,}]/;

class SeqOnlyDecoder extends Decoder {
  override add(packet: unknown): void {
    if (typeof packet === "string" && packet.startsWith(PREFIX)) {
      const m = SEQS.exec(packet);
      if (!m) throw new Error(`unexpected batch: ${packet.slice(0, 80)}`);
      this.emitReserved("decoded", {
        type: PacketType.EVENT,
        nsp: "/",
        data: ["changes", { fromSeq: Number(m[1]), toSeq: Number(m[2]) }],
      });
      return;
    }
    super.add(packet);
  }
}

export const seqOnlyParser = { Encoder, Decoder: SeqOnlyDecoder };
