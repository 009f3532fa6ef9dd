-- CreateTable
CREATE TABLE "ImportColumnMapping" (
    "userId" INTEGER NOT NULL,
    "header" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportColumnMapping_pkey" PRIMARY KEY ("userId","header")
);

-- AddForeignKey
ALTER TABLE "ImportColumnMapping" ADD CONSTRAINT "ImportColumnMapping_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
