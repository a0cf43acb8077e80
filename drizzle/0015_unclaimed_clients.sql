ALTER TABLE "oauth_client" ADD COLUMN "granted_at" timestamp with time zone;--> statement-breakpoint
-- Apps from before this column: whether anyone allowed one is not known, so each counts as used
-- and the prune of unclaimed registrations never takes it.
UPDATE "oauth_client" SET "granted_at" = "created_at";--> statement-breakpoint
CREATE INDEX "oauth_client_unclaimed_idx" ON "oauth_client" USING btree ("created_at") WHERE "oauth_client"."owner_id" is null and "oauth_client"."granted_at" is null;
