// The rules db:copy follows whatever tables later versions add: parents are copied before children,
// keys no order satisfies are set aside and checked at the end, and each SQLite value becomes what the
// PostgreSQL column holds (Prisma stores Booleans and DateTimes differently on the two).
import { describe, expect, it } from "vitest";
import { foreignKeyOrder } from "../../server/db/copy-to-postgres.ts";
import { postgresValue, type PgColumn } from "../../server/db/copy-values.ts";

const fk = (child: string, parent: string, name = `${child}_${parent}_fkey`) => ({
  name,
  child,
  parent,
  definition: `FOREIGN KEY (x) REFERENCES "${parent}"(id)`,
});

describe("the order tables are copied in", () => {
  it("puts every parent before its children", () => {
    const { order, unordered } = foreignKeyOrder(
      ["ChangeLog", "Counter", "District", "Enterprise", "Province", "Session", "User", "UserDistrict"],
      [
        fk("ChangeLog", "Enterprise"),
        fk("District", "Province"),
        fk("Enterprise", "District"),
        fk("Session", "User"),
        fk("UserDistrict", "User"),
      ],
    );
    const before = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    before("Province", "District");
    before("District", "Enterprise");
    before("Enterprise", "ChangeLog");
    before("User", "Session");
    before("User", "UserDistrict");
    expect(order).toHaveLength(8);
    expect(unordered).toEqual([]);
  });

  it("sets aside a unit that refers to another unit, and keys that go round in a cycle", () => {
    const self = fk("District", "District", "District_mergedIntoId_fkey");
    const cycle = [fk("A", "B"), fk("B", "A")];
    const { order, unordered } = foreignKeyOrder(
      ["A", "B", "District", "Province"],
      [self, fk("District", "Province"), ...cycle],
    );
    expect(order.indexOf("Province")).toBeLessThan(order.indexOf("District"));
    expect(order.sort()).toEqual(["A", "B", "District", "Province"]);
    expect(unordered).toContainEqual(self);
    // One of the two cycle keys cannot be honoured by any order; it is checked after the copy.
    expect(unordered.filter((k) => k.child === "A" || k.child === "B")).toHaveLength(1);
  });
});

describe("a SQLite value as the PostgreSQL column takes it", () => {
  const col = (type: string): PgColumn => ({ name: "c", type, sequence: null });
  const ts = col("timestamp without time zone");

  it("Booleans stored as 0 and 1 become false and true", () => {
    expect(postgresValue(0n, col("boolean"), "T")).toBe(false);
    expect(postgresValue(1n, col("boolean"), "T")).toBe(true);
    expect(postgresValue(null, col("boolean"), "T")).toBe(null);
    expect(() => postgresValue("oui", col("boolean"), "T")).toThrow(/T\.c.*not a boolean/);
  });

  it("times in any of the forms Prisma and SQLite write become the same UTC instant, to the millisecond", () => {
    const expected = "2026-11-30 02:30:00.125";
    expect(postgresValue("2026-11-30T02:30:00.125+00:00", ts, "T")).toBe(expected); // adapter's ISO text
    expect(postgresValue("2026-11-30T09:30:00.125+07:00", ts, "T")).toBe(expected);
    expect(postgresValue("2026-11-30T02:30:00.125Z", ts, "T")).toBe(expected);
    expect(postgresValue(BigInt(Date.UTC(2026, 10, 30, 2, 30, 0, 125)), ts, "T")).toBe(expected); // unixepoch-ms
    expect(postgresValue("2026-11-30 02:30:00", ts, "T")).toBe("2026-11-30 02:30:00.000"); // CURRENT_TIMESTAMP
    expect(postgresValue("2026-11-30T02:30:00.125Z", col("timestamp with time zone"), "T")).toBe(
      "2026-11-30T02:30:00.125Z",
    );
    expect(() => postgresValue("hôm qua", ts, "T")).toThrow(/not a date/);
  });

  it("text stays text, numbers and bytes pass as they are", () => {
    expect(postgresValue("Hợp tác xã", col("text"), "T")).toBe("Hợp tác xã");
    expect(postgresValue(12n, col("text"), "T")).toBe("12");
    expect(postgresValue(9007199254740993n, col("bigint"), "T")).toBe(9007199254740993n);
    expect(postgresValue(0.4, col("double precision"), "T")).toBe(0.4);
    const bytes = Buffer.from([1, 2, 3]);
    expect(postgresValue(bytes, col("bytea"), "T")).toBe(bytes);
  });
});
