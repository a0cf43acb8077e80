import { describe, expect, it } from "vitest";
import { GET as authorizationServerMetadata } from "@/app/.well-known/oauth-authorization-server/route";
import { GET as mcpResourceMetadata } from "@/app/.well-known/oauth-protected-resource/api/mcp/route";
import { GET as taskApiMetadata } from "@/app/.well-known/oauth-protected-resource/route";
import { POST as consent } from "@/app/api/oauth/authorize/route";
import { POST as revoke } from "@/app/api/oauth/revoke/route";
import { POST as token } from "@/app/api/oauth/token/route";
import * as tasks from "@/app/api/tasks/route";
import AuthorizePage from "@/app/oauth/authorize/page";
import { createSignedInUser } from "../../support/auth";
import { jsonRequest } from "../../support/http";

// OAUTH_PROVIDER is off unless a test turns it on (flow.test.ts, attacks.test.ts).
const form = (path: string, headers: Record<string, string> = {}) =>
  jsonRequest(path, {
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });

describe("with OAUTH_PROVIDER off", () => {
  it("answers 404 at every endpoint of the authorization server, and names none", async () => {
    const user = await createSignedInUser();
    for (const response of [
      await token(form("/api/oauth/token")),
      await revoke(form("/api/oauth/revoke")),
      await consent(form("/api/oauth/authorize", { cookie: user.cookie })),
      await taskApiMetadata(
        jsonRequest("/.well-known/oauth-protected-resource", { method: "GET" }),
      ),
      await mcpResourceMetadata(
        jsonRequest("/.well-known/oauth-protected-resource/api/mcp", { method: "GET" }),
      ),
    ]) {
      expect(response.status).toBe(404);
    }
    // The RFC 8414 document is what it was before there was an authorization server: none in
    // HS256 mode, and in ES256 mode one for verifying tokens that names no OAuth endpoint.
    const metadata = await authorizationServerMetadata(
      jsonRequest("/.well-known/oauth-authorization-server", { method: "GET" }),
    );
    if (process.env.JWT_ALGORITHM === "ES256") {
      expect(metadata.status).toBe(200);
      const document = await metadata.json();
      expect(document.authorization_endpoint).toBeUndefined();
      expect(document.registration_endpoint).toBeUndefined();
      expect(document.device_authorization_endpoint).toBeUndefined();
      expect(document.token_endpoint).not.toMatch(/\/api\/oauth\//);
    } else {
      expect(metadata.status).toBe(404);
    }
    await expect(AuthorizePage({ searchParams: Promise.resolve({}) })).rejects.toThrow(
      expect.objectContaining({ digest: expect.stringContaining("404") }),
    );
    const anonymous = await tasks.GET(jsonRequest("/api/tasks", { method: "GET" }));
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="taskflow"');
  });
});
