-- AlterTable
ALTER TABLE "User" ADD COLUMN     "organisation" TEXT;
