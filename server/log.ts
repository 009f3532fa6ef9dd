// A minimal leveled logger: one line per event on stderr, silent in tests.
export type Level = "silent" | "info" | "debug";

export function createLogger(level: Level) {
  const on = (l: "info" | "debug") => level === "debug" || (level === "info" && l === "info");
  return {
    info: (msg: string, extra?: unknown) => {
      if (on("info")) console.error(`[unionpulse] ${msg}`, ...(extra === undefined ? [] : [extra]));
    },
    debug: (msg: string, extra?: unknown) => {
      if (on("debug")) console.error(`[unionpulse:debug] ${msg}`, ...(extra === undefined ? [] : [extra]));
    },
    /** Errors are always logged, whatever the level: they are what someone must look at. */
    error: (msg: string, err?: unknown) =>
      console.error(`[unionpulse:error] ${msg}`, ...(err === undefined ? [] : [err])),
  };
}
export type Logger = ReturnType<typeof createLogger>;
