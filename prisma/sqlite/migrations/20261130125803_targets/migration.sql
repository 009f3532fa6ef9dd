-- CreateTable
CREATE TABLE "Target" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "districtId" INTEGER,
    "scopeKey" INTEGER NOT NULL,
    "measure" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" TEXT NOT NULL,
    CONSTRAINT "Target_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TargetChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "districtId" INTEGER,
    "measure" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "actorUserId" INTEGER,
    "source" TEXT NOT NULL,
    "oldValue" REAL,
    "newValue" REAL
);

-- CreateIndex
CREATE INDEX "Target_year_idx" ON "Target"("year");

-- CreateIndex
CREATE UNIQUE INDEX "Target_year_scopeKey_measure_key" ON "Target"("year", "scopeKey", "measure");

-- CreateIndex
CREATE INDEX "TargetChange_year_id_idx" ON "TargetChange"("year", "id");
