ALTER TABLE "user" ADD COLUMN "role_set_at" timestamp with time zone;--> statement-breakpoint
-- Admins from before this column: their role was settled (by ADMIN_EMAILS or an admin), so a
-- later demotion through the admin API sticks for them too.
UPDATE "user" SET "role_set_at" = now() WHERE "role" = 'admin';
