// Long work in the domain lets the event loop run between slices (live pushes, requests).

/** Lets queued I/O and timers run (setImmediate: after pending I/O callbacks). */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
