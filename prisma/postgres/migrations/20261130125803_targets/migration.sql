-- CreateTable
CREATE TABLE "Target" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "districtId" INTEGER,
    "scopeKey" INTEGER NOT NULL,
    "measure" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TargetChange" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "districtId" INTEGER,
    "measure" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "actorUserId" INTEGER,
    "source" TEXT NOT NULL,
    "oldValue" DOUBLE PRECISION,
    "newValue" DOUBLE PRECISION,

    CONSTRAINT "TargetChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Target_year_idx" ON "Target"("year");

-- CreateIndex
CREATE UNIQUE INDEX "Target_year_scopeKey_measure_key" ON "Target"("year", "scopeKey", "measure");

-- CreateIndex
CREATE INDEX "TargetChange_year_id_idx" ON "TargetChange"("year", "id");

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE SET NULL ON UPDATE CASCADE;
