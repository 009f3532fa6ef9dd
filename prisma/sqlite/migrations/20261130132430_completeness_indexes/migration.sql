-- DropIndex
DROP INDEX "ChangeLog_at_idx";

-- CreateIndex
CREATE INDEX "ChangeLog_at_enterpriseId_source_idx" ON "ChangeLog"("at", "enterpriseId", "source");

-- CreateIndex
CREATE INDEX "Enterprise_districtId_status_erasedAt_idx" ON "Enterprise"("districtId", "status", "erasedAt");
