// A value that moved flashes, so the room notices; but when a burst of changes moves every figure at
// once, half the screen blinking says nothing. So at most MAX_AT_ONCE values flash together; the
// others wait their turn (a value asked twice waits once), and one that has waited longer than its
// news is worth is skipped: its "+12" still says it moved.
export const MAX_AT_ONCE = 3;
export const FLASH_MS = 2500;
/** A flash still waiting after this long is dropped. */
const STALE_MS = 8000;

export interface FlashQueue {
  request(node: HTMLElement): void;
  /** Values flashing now. */
  readonly active: number;
}

export function createFlashQueue(max = MAX_AT_ONCE, ms = FLASH_MS): FlashQueue {
  const flashing = new Map<HTMLElement, number>();
  /** Insertion order is the queue; a node is in it once. */
  const waiting = new Map<HTMLElement, number>();

  const start = (node: HTMLElement) => {
    node.classList.remove("is-changed");
    void node.offsetWidth; // reflow, so the animation starts again
    node.classList.add("is-changed");
    flashing.set(
      node,
      window.setTimeout(() => {
        node.classList.remove("is-changed");
        flashing.delete(node);
        next();
      }, ms),
    );
  };

  const next = () => {
    const now = Date.now();
    for (const [node, since] of waiting) {
      if (flashing.size >= max) return;
      waiting.delete(node);
      // Waited too long, or no longer on screen (a table rebuilt, another panel): nothing worth flashing.
      if (now - since > STALE_MS || node.getClientRects().length === 0) continue;
      start(node);
    }
  };

  return {
    request(node) {
      const running = flashing.get(node);
      if (running !== undefined) {
        // Already flashing: start it again in the same slot.
        window.clearTimeout(running);
        flashing.delete(node);
        start(node);
        return;
      }
      if (!waiting.has(node)) waiting.set(node, Date.now());
      next();
    },
    get active() {
      return flashing.size;
    },
  };
}

/** One queue for the whole wall: only one panel is on screen, and the limit is the screen's. */
export const wallFlashes = createFlashQueue();
