-- AlterTable
ALTER TABLE "ChangeLog" ADD COLUMN "factDate" TEXT;

-- CreateIndex
CREATE INDEX "ChangeLog_factDate_seq_idx" ON "ChangeLog"("factDate", "seq");

-- Rows entered before the fact date existed happened the day they were entered (Viet Nam, UTC+7).
UPDATE "ChangeLog" SET "factDate" = date("at", '+7 hours') WHERE "factDate" IS NULL;
