-- AlterTable
ALTER TABLE "Enterprise" ADD COLUMN     "density" DOUBLE PRECISION;

-- Existing rows: the same value server/db/records.ts writes (null without workers).
UPDATE "Enterprise" SET "density" = CASE WHEN "headcount" > 0 THEN CAST("unionMembers" AS DOUBLE PRECISION) / "headcount" ELSE NULL END;
