// TCP ports on 127.0.0.1 that nothing listens on, for the processes a test or a bench starts (servers,
// nginx, Redis) when they must be told their port before they listen.
import net from "node:net";

/** A port the system hands out as free now (another process may still take it before ours listens). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** The first of `n` consecutive free ports (the cluster script takes a block). */
export async function freePortBlock(n: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let free = true;
    for (let p = base; p < base + n && free; p++) free = await portIsFree(p);
    if (free) return base;
  }
  throw new Error(`no block of ${n} free ports found`);
}
