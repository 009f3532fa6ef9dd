-- CreateTable
CREATE TABLE "UnitChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "districtId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "actorUserId" INTEGER,
    "action" TEXT NOT NULL,
    "diff" TEXT NOT NULL,
    CONSTRAINT "UnitChange_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PendingImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_District" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'DISTRICT',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "validFrom" TEXT,
    "validTo" TEXT,
    "provinceId" INTEGER NOT NULL,
    CONSTRAINT "District_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_District" ("code", "id", "name", "provinceId") SELECT "code", "id", "name", "provinceId" FROM "District";
DROP TABLE "District";
ALTER TABLE "new_District" RENAME TO "District";
CREATE UNIQUE INDEX "District_code_key" ON "District"("code");
CREATE TABLE "new_Enterprise" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taxCode" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "searchText" TEXT NOT NULL,
    "sortName" TEXT NOT NULL,
    "districtId" INTEGER NOT NULL,
    "sector" TEXT NOT NULL,
    "ownership" TEXT NOT NULL,
    "headcount" INTEGER NOT NULL,
    "unionMembers" INTEGER NOT NULL,
    "hasUnion" BOOLEAN NOT NULL,
    "hasParty" BOOLEAN NOT NULL,
    "hasYouthUnion" BOOLEAN NOT NULL,
    "hasWomenUnion" BOOLEAN NOT NULL,
    "hasVeterans" BOOLEAN NOT NULL,
    "partyRecommended" INTEGER NOT NULL DEFAULT 0,
    "partyAdmitted" INTEGER NOT NULL DEFAULT 0,
    "initiatives" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "statusDate" TEXT,
    "erasedAt" DATETIME,
    "density" REAL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" TEXT NOT NULL,
    CONSTRAINT "Enterprise_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Enterprise" ("createdAt", "density", "districtId", "hasParty", "hasUnion", "hasVeterans", "hasWomenUnion", "hasYouthUnion", "headcount", "id", "initiatives", "name", "ownership", "partyAdmitted", "partyRecommended", "searchText", "sector", "sortName", "taxCode", "unionMembers", "updatedAt", "updatedBy", "version") SELECT "createdAt", "density", "districtId", "hasParty", "hasUnion", "hasVeterans", "hasWomenUnion", "hasYouthUnion", "headcount", "id", "initiatives", "name", "ownership", "partyAdmitted", "partyRecommended", "searchText", "sector", "sortName", "taxCode", "unionMembers", "updatedAt", "updatedBy", "version" FROM "Enterprise";
DROP TABLE "Enterprise";
ALTER TABLE "new_Enterprise" RENAME TO "Enterprise";
CREATE UNIQUE INDEX "Enterprise_taxCode_key" ON "Enterprise"("taxCode");
CREATE INDEX "Enterprise_districtId_idx" ON "Enterprise"("districtId");
CREATE INDEX "Enterprise_sortName_idx" ON "Enterprise"("sortName");
CREATE INDEX "Enterprise_sector_idx" ON "Enterprise"("sector");
CREATE INDEX "Enterprise_ownership_idx" ON "Enterprise"("ownership");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "UnitChange_districtId_id_idx" ON "UnitChange"("districtId", "id");

-- CreateIndex
CREATE INDEX "PendingImport_expiresAt_idx" ON "PendingImport"("expiresAt");
