-- CreateTable
CREATE TABLE "Province" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Province_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "District" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "provinceId" INTEGER NOT NULL,

    CONSTRAINT "District_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enterprise" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "Enterprise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeLog" (
    "seq" INTEGER NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "diff" TEXT NOT NULL,

    CONSTRAINT "ChangeLog_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "Counter" (
    "name" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "Counter_pkey" PRIMARY KEY ("name")
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

-- AddForeignKey
ALTER TABLE "District" ADD CONSTRAINT "District_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enterprise" ADD CONSTRAINT "Enterprise_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeLog" ADD CONSTRAINT "ChangeLog_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
