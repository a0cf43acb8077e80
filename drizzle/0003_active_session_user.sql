-- The user id of an access token while the token's session (its refresh family) is active;
-- otherwise the statement fails with SQLSTATE TF401, which the API answers with 401. Task
-- statements compare their owner column with it (lib/auth/guard.ts `requireOwner`), so the
-- guard's session check rides on the request's own statement instead of a second round trip,
-- and logout or revocation still takes effect on the very next request.
CREATE FUNCTION "active_session_user"(token_session_id text, token_user_id text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
  PERFORM 1 FROM "session"
    WHERE "id" = token_session_id AND "user_id" = token_user_id AND "expires_at" > now();
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the session of this access token has ended' USING ERRCODE = 'TF401';
  END IF;
  RETURN token_user_id;
END
$$;
