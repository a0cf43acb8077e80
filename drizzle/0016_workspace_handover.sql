-- The hand-over of an account's workspaces, as a member leaving (lib/workspaces/members.ts):
-- - It first locks each shared workspace the account is in, as every change of membership does,
--   in id order. Each statement after the lock reads the memberships as they are then: without
--   it, a co-owner leaving at the same moment would still count as the owner who stays, leaving
--   the workspace without one.
-- - The invitations the account sent go with it: an invitation is good while its inviter may
--   invite.
CREATE OR REPLACE FUNCTION "hand_over_workspaces"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "workspace"
  WHERE "personal_owner_id" IS NULL
    AND "id" IN (SELECT "workspace_id" FROM "workspace_member" WHERE "user_id" = OLD."id")
  ORDER BY "id"
  FOR UPDATE;
  DELETE FROM "workspace_invitation" WHERE "invited_by" = OLD."id";
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
$$;
