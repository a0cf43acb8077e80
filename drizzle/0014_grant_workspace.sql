ALTER TABLE "session" DROP CONSTRAINT "session_grant_check";--> statement-breakpoint
ALTER TABLE "oauth_authorization_code" ADD COLUMN "workspace_id" uuid;--> statement-breakpoint
ALTER TABLE "oauth_device_code" ADD COLUMN "workspace_id" uuid;--> statement-breakpoint
ALTER TABLE "session" ADD COLUMN "workspace_id" uuid;--> statement-breakpoint
ALTER TABLE "oauth_authorization_code" ADD CONSTRAINT "oauth_authorization_code_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_device_code" ADD CONSTRAINT "oauth_device_code_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_workspace_idx" ON "session" USING btree ("workspace_id") WHERE "session"."workspace_id" is not null;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_grant_check" CHECK (("session"."oauth_client_id" is null) = ("session"."scopes" is null) and ("session"."scopes" is null) = ("session"."resource" is null) and ("session"."scopes" is null or cardinality("session"."scopes") > 0) and ("session"."workspace_id" is null or "session"."oauth_client_id" is not null));