-- CreateTable
CREATE TABLE "AggregatesCheckpoint" (
    "id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "cells" TEXT NOT NULL,
    "writtenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AggregatesCheckpoint_pkey" PRIMARY KEY ("id")
);
