-- AlterTable
ALTER TABLE "District" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'DISTRICT',
ADD COLUMN     "validFrom" TEXT,
ADD COLUMN     "validTo" TEXT;

-- AlterTable
ALTER TABLE "Enterprise" ADD COLUMN     "erasedAt" TIMESTAMP(3),
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'ACTIVE',
ADD COLUMN     "statusDate" TEXT;

-- CreateTable
CREATE TABLE "UnitChange" (
    "id" SERIAL NOT NULL,
    "districtId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "actorUserId" INTEGER,
    "action" TEXT NOT NULL,
    "diff" TEXT NOT NULL,

    CONSTRAINT "UnitChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PendingImport" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PendingImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UnitChange_districtId_id_idx" ON "UnitChange"("districtId", "id");

-- CreateIndex
CREATE INDEX "PendingImport_expiresAt_idx" ON "PendingImport"("expiresAt");

-- AddForeignKey
ALTER TABLE "UnitChange" ADD CONSTRAINT "UnitChange_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
