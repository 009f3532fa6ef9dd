-- DropIndex
DROP INDEX "Enterprise_districtId_idx";

-- DropIndex
DROP INDEX "Enterprise_ownership_idx";

-- DropIndex
DROP INDEX "Enterprise_sector_idx";

-- CreateIndex
CREATE INDEX "Enterprise_districtId_id_idx" ON "Enterprise"("districtId", "id");

-- CreateIndex
CREATE INDEX "Enterprise_sector_id_idx" ON "Enterprise"("sector", "id");

-- CreateIndex
CREATE INDEX "Enterprise_ownership_id_idx" ON "Enterprise"("ownership", "id");

-- CreateIndex
CREATE INDEX "Enterprise_headcount_id_idx" ON "Enterprise"("headcount", "id");

-- CreateIndex
CREATE INDEX "Enterprise_unionMembers_id_idx" ON "Enterprise"("unionMembers", "id");

-- CreateIndex
CREATE INDEX "Enterprise_density_id_idx" ON "Enterprise"("density", "id");

-- CreateIndex
CREATE INDEX "Enterprise_updatedAt_id_idx" ON "Enterprise"("updatedAt", "id");

-- CreateIndex
CREATE INDEX "Enterprise_hasUnion_id_idx" ON "Enterprise"("hasUnion", "id");

-- CreateIndex
CREATE INDEX "Enterprise_hasUnion_headcount_id_idx" ON "Enterprise"("hasUnion", "headcount" DESC, "id");

-- CreateIndex
CREATE INDEX "Enterprise_hasParty_id_idx" ON "Enterprise"("hasParty", "id");

-- CreateIndex
CREATE INDEX "Enterprise_hasYouthUnion_id_idx" ON "Enterprise"("hasYouthUnion", "id");

-- CreateIndex
CREATE INDEX "Enterprise_hasWomenUnion_id_idx" ON "Enterprise"("hasWomenUnion", "id");

-- CreateIndex
CREATE INDEX "Enterprise_hasVeterans_id_idx" ON "Enterprise"("hasVeterans", "id");

-- CreateIndex
CREATE INDEX "Enterprise_partyRecommended_id_idx" ON "Enterprise"("partyRecommended", "id");

-- CreateIndex
CREATE INDEX "Enterprise_partyAdmitted_id_idx" ON "Enterprise"("partyAdmitted", "id");

-- CreateIndex
CREATE INDEX "Enterprise_initiatives_id_idx" ON "Enterprise"("initiatives", "id");
