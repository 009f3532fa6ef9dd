-- CreateTable
CREATE TABLE "ImportColumnMapping" (
    "userId" INTEGER NOT NULL,
    "header" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("userId", "header"),
    CONSTRAINT "ImportColumnMapping_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
