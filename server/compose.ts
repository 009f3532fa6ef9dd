// Builds UnionPulse from a configuration: database (migrated, seeded when empty and asked to),
// aggregates, services, HTTP and Socket.io on one port. Returns a handle that closes it all.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "./config.ts";
import { migrate, openDatabase } from "./db/database.ts";
import { snapshotReader } from "./db/snapshot.ts";
import { createHttpApp } from "./http/app.ts";
import { createLogger, type Logger } from "./log.ts";
import { startRealtime } from "./realtime/io.ts";
import { isEmpty, seedDemo } from "./seed/seed-database.ts";
import { ChangeFeed } from "./services/change-feed.ts";
import { enterpriseService } from "./services/enterprises.ts";
import { referenceService } from "./services/reference.ts";

export async function startUnionPulse(config: Config, log: Logger = createLogger(config.logLevel)) {
  const applied = await migrate(config.databaseUrl);
  if (applied.length) log.info(`migrations applied: ${applied.join(", ")}`);
  const { db, provider } = await openDatabase(config.databaseUrl);

  if (config.seedDemo === "auto" && (await isEmpty(db))) {
    const t = Date.now();
    const seeded = await seedDemo(db, config.seedEnterprises);
    log.info(`empty database: seeded the demo province (${seeded.districts} districts, ${seeded.enterprises} enterprises) in ${Date.now() - t} ms`);
  }

  const feed = new ChangeFeed(snapshotReader(db, provider));
  await feed.rebuild();
  const enterprises = enterpriseService(db, feed);
  const reference = referenceService(db);

  const app = createHttpApp({ enterprises, reference, log, clientDir: config.clientDir, health: () => ({ status: "ok", seq: feed.seq }) });
  const server = http.createServer(app);
  const realtime = startRealtime(server, feed, log);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`,
    port,
    db,
    feed,
    /** Stops accepting, sends what is pending, closes sockets and the database. */
    close: () => (closing ??= (async () => {
      await realtime.close(); // also closes the HTTP server
      feed.close();
      await db.$disconnect();
    })()),
  };
}
export type RunningApp = Awaited<ReturnType<typeof startUnionPulse>>;
