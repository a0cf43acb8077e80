CREATE TABLE "oauth_authorization_code" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"redirect_uri" text NOT NULL,
	"code_challenge" text NOT NULL,
	"scopes" text[] NOT NULL,
	"resource" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"grant_session_id" text
);
--> statement-breakpoint
CREATE TABLE "oauth_client" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" text NOT NULL,
	"name" text NOT NULL,
	"redirect_uris" text[] NOT NULL,
	"secret_hash" text,
	"owner_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oauth_client_client_id_unique" UNIQUE("client_id"),
	CONSTRAINT "oauth_client_redirect_uris_check" CHECK (cardinality("oauth_client"."redirect_uris") > 0)
);
--> statement-breakpoint
ALTER TABLE "session" ADD COLUMN "oauth_client_id" uuid;--> statement-breakpoint
ALTER TABLE "session" ADD COLUMN "scopes" text[];--> statement-breakpoint
ALTER TABLE "session" ADD COLUMN "resource" text;--> statement-breakpoint
ALTER TABLE "oauth_authorization_code" ADD CONSTRAINT "oauth_authorization_code_client_id_oauth_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."oauth_client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_authorization_code" ADD CONSTRAINT "oauth_authorization_code_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_authorization_code" ADD CONSTRAINT "oauth_authorization_code_grant_session_id_session_id_fk" FOREIGN KEY ("grant_session_id") REFERENCES "public"."session"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_client" ADD CONSTRAINT "oauth_client_owner_id_user_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oauth_authorization_code_user_idx" ON "oauth_authorization_code" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "oauth_authorization_code_client_idx" ON "oauth_authorization_code" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "oauth_authorization_code_expires_at_idx" ON "oauth_authorization_code" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "oauth_client_owner_idx" ON "oauth_client" USING btree ("owner_id","created_at");--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_oauth_client_id_oauth_client_id_fk" FOREIGN KEY ("oauth_client_id") REFERENCES "public"."oauth_client"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_oauth_client_idx" ON "session" USING btree ("oauth_client_id") WHERE "session"."oauth_client_id" is not null;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_grant_check" CHECK (("session"."oauth_client_id" is null) = ("session"."scopes" is null) and ("session"."scopes" is null) = ("session"."resource" is null) and ("session"."scopes" is null or cardinality("session"."scopes") > 0));