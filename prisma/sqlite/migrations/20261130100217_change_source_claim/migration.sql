-- AlterTable
ALTER TABLE "ChangeLog" ADD COLUMN "claimedSource" TEXT;

-- The source used to be the client's word (X-Change-Source). A row with an account behind it was
-- written through that person's session: record that, and keep what the client said as its claim.
UPDATE "ChangeLog" SET "claimedSource" = "source" WHERE "actorUserId" IS NOT NULL AND "source" IN ('form', 'simulator');
UPDATE "ChangeLog" SET "source" = 'session' WHERE "actorUserId" IS NOT NULL AND "source" IN ('api', 'form', 'simulator');
