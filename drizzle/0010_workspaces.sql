CREATE TABLE "workspace" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"personal_owner_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_personal_owner_id_unique" UNIQUE("personal_owner_id")
);
--> statement-breakpoint
CREATE TABLE "workspace_invitation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_invitation_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "workspace_invitation_role_check" CHECK ("workspace_invitation"."role" in ('admin', 'member', 'viewer'))
);
--> statement-breakpoint
CREATE TABLE "workspace_member" (
	"workspace_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_member_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id"),
	CONSTRAINT "workspace_member_role_check" CHECK ("workspace_member"."role" in ('owner', 'admin', 'member', 'viewer'))
);
--> statement-breakpoint
DROP INDEX "tasks_user_created_idx";--> statement-breakpoint
DROP INDEX "tasks_user_due_idx";--> statement-breakpoint
DROP INDEX "tasks_user_priority_idx";--> statement-breakpoint
DROP INDEX "tasks_user_title_ci_idx";--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "workspace_id" uuid DEFAULT null;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "assignee_id" text;--> statement-breakpoint
ALTER TABLE "workspace" ADD CONSTRAINT "workspace_personal_owner_id_user_id_fk" FOREIGN KEY ("personal_owner_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_invitation" ADD CONSTRAINT "workspace_invitation_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_invitation" ADD CONSTRAINT "workspace_invitation_invited_by_user_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_member" ADD CONSTRAINT "workspace_member_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_member" ADD CONSTRAINT "workspace_member_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "workspace_invitation_email_idx" ON "workspace_invitation" USING btree ("workspace_id","email");--> statement-breakpoint
CREATE INDEX "workspace_invitation_expires_at_idx" ON "workspace_invitation" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "workspace_member_user_idx" ON "workspace_member" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_member_fk" FOREIGN KEY ("workspace_id","assignee_id") REFERENCES "public"."workspace_member"("workspace_id","user_id") ON DELETE SET NULL ("assignee_id") ON UPDATE no action;--> statement-breakpoint
-- Every account gets its personal workspace, and every task moves into its author's.
INSERT INTO "workspace" ("name", "personal_owner_id") SELECT 'Personal', "id" FROM "user";--> statement-breakpoint
INSERT INTO "workspace_member" ("workspace_id", "user_id", "role")
  SELECT "id", "personal_owner_id", 'owner' FROM "workspace";--> statement-breakpoint
UPDATE "tasks" SET "workspace_id" = "workspace"."id" FROM "workspace"
  WHERE "workspace"."personal_owner_id" = "tasks"."user_id";--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "workspace_id" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "tasks_workspace_created_idx" ON "tasks" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tasks_workspace_due_idx" ON "tasks" USING btree ("workspace_id",coalesce("due_date", 'infinity'::date),"id");--> statement-breakpoint
CREATE INDEX "tasks_workspace_priority_idx" ON "tasks" USING btree ("workspace_id",(case "priority" when 'low' then 0 when 'medium' then 1 when 'high' then 2 end),"id");--> statement-breakpoint
CREATE INDEX "tasks_workspace_title_ci_idx" ON "tasks" USING btree ("workspace_id",(lower("title") collate "C"),"id");--> statement-breakpoint
CREATE INDEX "tasks_user_idx" ON "tasks" USING btree ("user_id");--> statement-breakpoint
-- Every account has a personal workspace from its first moment, whatever created the row.
CREATE FUNCTION "create_personal_workspace"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  personal uuid;
BEGIN
  INSERT INTO "workspace" ("name", "personal_owner_id") VALUES ('Personal', NEW."id")
    RETURNING "id" INTO personal;
  INSERT INTO "workspace_member" ("workspace_id", "user_id", "role")
    VALUES (personal, NEW."id", 'owner');
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "user_personal_workspace" AFTER INSERT ON "user"
  FOR EACH ROW EXECUTE FUNCTION "create_personal_workspace"();--> statement-breakpoint
-- A task inserted without a workspace belongs to its author's personal workspace.
CREATE FUNCTION "file_task_in_personal_workspace"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT "id" INTO NEW."workspace_id" FROM "workspace" WHERE "personal_owner_id" = NEW."user_id";
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "tasks_personal_workspace" BEFORE INSERT ON "tasks"
  FOR EACH ROW WHEN (NEW."workspace_id" IS NULL)
  EXECUTE FUNCTION "file_task_in_personal_workspace"();--> statement-breakpoint
-- The guard's check of a workspace request, inside the request's own statement (a scalar
-- subquery naming no column: evaluated once, before any row). It proves the access token's
-- session active (else TF401, as active_session_user), the caller a member of the workspace
-- (else TF404: a workspace you are not in does not exist for you) and reads the current role:
-- 'any' when the role may act on every row, 'own' when only on rows the caller wrote, and TF403
-- when the role may not act at all. A removal or a role change is seen by the next statement.
CREATE FUNCTION "workspace_access"(
  token_session_id text, token_user_id text, target uuid, any_roles text[], own_roles text[]
) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
  member_role text;
BEGIN
  SELECT "workspace_member"."role" INTO member_role FROM "session"
    LEFT JOIN "workspace_member" ON "workspace_member"."workspace_id" = target
      AND "workspace_member"."user_id" = "session"."user_id"
    WHERE "session"."id" = token_session_id AND "session"."user_id" = token_user_id
      AND "session"."expires_at" > now();
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the session of this access token has ended' USING ERRCODE = 'TF401';
  END IF;
  IF member_role IS NULL THEN
    RAISE EXCEPTION 'not a member of this workspace' USING ERRCODE = 'TF404';
  END IF;
  IF member_role = ANY(any_roles) THEN RETURN 'any'; END IF;
  IF member_role = ANY(own_roles) THEN RETURN 'own'; END IF;
  RAISE EXCEPTION 'this workspace role may not do that' USING ERRCODE = 'TF403';
END
$$;--> statement-breakpoint
-- Deleting an account leaves no shared workspace without an owner: one it owned alone passes to
-- its longest-standing admin, else to its longest-standing member of any other role; one with
-- nobody else in it goes, with its tasks.
CREATE FUNCTION "hand_over_workspaces"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "workspace_member" SET "role" = 'owner'
  FROM (
    SELECT DISTINCT ON (mine."workspace_id") mine."workspace_id", heir."user_id"
    FROM "workspace_member" AS mine
    JOIN "workspace_member" AS heir
      ON heir."workspace_id" = mine."workspace_id" AND heir."user_id" <> OLD."id"
    WHERE mine."user_id" = OLD."id" AND mine."role" = 'owner'
      AND NOT EXISTS (
        SELECT 1 FROM "workspace_member" AS other
        WHERE other."workspace_id" = mine."workspace_id" AND other."role" = 'owner'
          AND other."user_id" <> OLD."id"
      )
    ORDER BY mine."workspace_id",
      CASE heir."role" WHEN 'admin' THEN 0 WHEN 'member' THEN 1 ELSE 2 END,
      heir."created_at", heir."user_id"
  ) AS successor
  WHERE "workspace_member"."workspace_id" = successor."workspace_id"
    AND "workspace_member"."user_id" = successor."user_id";
  DELETE FROM "workspace"
  WHERE "personal_owner_id" IS NULL
    AND EXISTS (
      SELECT 1 FROM "workspace_member" AS mine
      WHERE mine."workspace_id" = "workspace"."id" AND mine."user_id" = OLD."id"
    )
    AND NOT EXISTS (
      SELECT 1 FROM "workspace_member" AS other
      WHERE other."workspace_id" = "workspace"."id" AND other."user_id" <> OLD."id"
    );
  RETURN OLD;
END
$$;--> statement-breakpoint
CREATE TRIGGER "user_hands_over_workspaces" BEFORE DELETE ON "user"
  FOR EACH ROW EXECUTE FUNCTION "hand_over_workspaces"();
