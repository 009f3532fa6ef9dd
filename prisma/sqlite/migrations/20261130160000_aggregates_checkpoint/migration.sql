-- CreateTable
CREATE TABLE "AggregatesCheckpoint" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "cells" TEXT NOT NULL,
    "writtenAt" DATETIME NOT NULL
);
