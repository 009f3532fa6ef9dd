// Dates as people in Viet Nam write them, dd/mm/yyyy with a 24-hour HH:mm, and
// the day a person types read back the same way (never the browser's own order).
import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDay, parseDay } from "../../client/src/format.ts";

describe("dates on screen", () => {
  it("writes dd/mm/yyyy and HH:mm in Vietnamese", () => {
    const at = new Date(2026, 2, 13, 5, 7); // 13 March 2026, 05:07 local time
    expect(formatDate(at)).toBe("13/03/2026");
    expect(formatDateTime(at)).toBe("13/03/2026 05:07");
    expect(formatDay("2026-11-07")).toBe("07/11/2026");
    expect(formatDateTime(new Date(2026, 10, 7, 17, 13))).toBe("07/11/2026 17:13");
  });

  it("reads a typed day as day/month/year and refuses days that do not exist", () => {
    expect(parseDay("07/11/2026")).toBe("2026-11-07");
    expect(parseDay(" 7/3/2026 ")).toBe("2026-03-07");
    expect(parseDay("7.3.2026")).toBe("2026-03-07");
    expect(parseDay("31/02/2026")).toBeNull();
    expect(parseDay("2026-11-07")).toBeNull();
    expect(parseDay("13/13/2026")).toBeNull();
  });
});
