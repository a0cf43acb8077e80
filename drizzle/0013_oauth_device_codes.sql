CREATE TABLE "oauth_device_code" (
	"device_code_hash" text PRIMARY KEY NOT NULL,
	"user_code" text NOT NULL,
	"client_id" uuid NOT NULL,
	"scopes" text[] NOT NULL,
	"resource" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"user_id" text,
	"interval_seconds" integer NOT NULL,
	"last_polled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"grant_session_id" text,
	CONSTRAINT "oauth_device_code_status_check" CHECK ("oauth_device_code"."status" in ('pending', 'approved', 'denied') and ("oauth_device_code"."status" = 'pending') = ("oauth_device_code"."user_id" is null))
);
--> statement-breakpoint
ALTER TABLE "oauth_device_code" ADD CONSTRAINT "oauth_device_code_client_id_oauth_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."oauth_client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_device_code" ADD CONSTRAINT "oauth_device_code_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_device_code" ADD CONSTRAINT "oauth_device_code_grant_session_id_session_id_fk" FOREIGN KEY ("grant_session_id") REFERENCES "public"."session"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "oauth_device_code_pending_user_code_idx" ON "oauth_device_code" USING btree ("user_code") WHERE "oauth_device_code"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "oauth_device_code_client_idx" ON "oauth_device_code" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "oauth_device_code_user_idx" ON "oauth_device_code" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "oauth_device_code_expires_at_idx" ON "oauth_device_code" USING btree ("expires_at");