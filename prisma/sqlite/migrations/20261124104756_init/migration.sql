-- CreateTable
CREATE TABLE "Province" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "District" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "provinceId" INTEGER NOT NULL,
    CONSTRAINT "District_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Enterprise" (
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
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" TEXT NOT NULL,
    CONSTRAINT "Enterprise_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChangeLog" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enterpriseId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "diff" TEXT NOT NULL,
    CONSTRAINT "ChangeLog_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Counter" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" INTEGER NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Province_code_key" ON "Province"("code");

-- CreateIndex
CREATE UNIQUE INDEX "District_code_key" ON "District"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Enterprise_taxCode_key" ON "Enterprise"("taxCode");

-- CreateIndex
CREATE INDEX "Enterprise_districtId_idx" ON "Enterprise"("districtId");

-- CreateIndex
CREATE INDEX "Enterprise_sortName_idx" ON "Enterprise"("sortName");

-- CreateIndex
CREATE INDEX "Enterprise_sector_idx" ON "Enterprise"("sector");

-- CreateIndex
CREATE INDEX "Enterprise_ownership_idx" ON "Enterprise"("ownership");

-- CreateIndex
CREATE INDEX "ChangeLog_enterpriseId_seq_idx" ON "ChangeLog"("enterpriseId", "seq");

-- CreateIndex
CREATE INDEX "ChangeLog_at_idx" ON "ChangeLog"("at");
