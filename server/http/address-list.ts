// Does a client address fall in an operator's list (METRICS_ALLOW): addresses, CIDR ranges and the
// names Express's `trust proxy` knows (loopback, linklocal, uniquelocal), on node's BlockList.
import net from "node:net";

const NAMED: Record<string, [string, number, "ipv4" | "ipv6"][]> = {
  loopback: [
    ["127.0.0.0", 8, "ipv4"],
    ["::1", 128, "ipv6"],
  ],
  linklocal: [
    ["169.254.0.0", 16, "ipv4"],
    ["fe80::", 10, "ipv6"],
  ],
  uniquelocal: [
    ["10.0.0.0", 8, "ipv4"],
    ["172.16.0.0", 12, "ipv4"],
    ["192.168.0.0", 16, "ipv4"],
    ["fc00::", 7, "ipv6"],
  ],
};

/** entries as config.ts has checked them; returns a test of one address. */
export function addressMatcher(entries: readonly string[]): (address: string | undefined) => boolean {
  const list = new net.BlockList();
  for (const entry of entries) {
    for (const [ip, bits, type] of NAMED[entry] ?? [cidr(entry)]) list.addSubnet(ip, bits, type);
  }
  return (address) => {
    if (!address) return false;
    // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d: compare the IPv4 address.
    const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
    const type = net.isIP(plain);
    return type !== 0 && list.check(plain, type === 4 ? "ipv4" : "ipv6");
  };
}

function cidr(entry: string): [string, number, "ipv4" | "ipv6"] {
  const [ip = "", bits] = entry.split("/");
  const v4 = net.isIP(ip) === 4;
  return [ip, bits === undefined ? (v4 ? 32 : 128) : Number(bits), v4 ? "ipv4" : "ipv6"];
}
