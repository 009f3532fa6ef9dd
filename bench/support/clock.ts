// One clock for every bench process: process.hrtime is CLOCK_MONOTONIC, shared by all processes
// on the machine, so a time taken in a client process compares with one taken in the bench.
export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
