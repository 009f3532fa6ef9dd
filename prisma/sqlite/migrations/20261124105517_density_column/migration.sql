-- AlterTable
ALTER TABLE "Enterprise" ADD COLUMN "density" REAL;

-- Existing rows: the same value server/db/records.ts writes (null without workers).
UPDATE "Enterprise" SET "density" = CASE WHEN "headcount" > 0 THEN CAST("unionMembers" AS REAL) / "headcount" ELSE NULL END;
