import { z } from "zod";
import { ROLES } from "@/lib/validation/roles";
import type { EndpointAnswer } from "./endpoint";

/**
 * Better Auth's answers that several features' endpoints give, as strict objects: its own shapes,
 * less the session token the token bridge removes. tests/integration/openapi.test.ts (and
 * sso.test.ts for the provider flows) checks real answers against them.
 */
export const timestamp = z.iso.datetime({ offset: true });

export const betterAuthUser = z.strictObject({
  id: z.string(),
  name: z.string(),
  email: z.email(),
  emailVerified: z.boolean(),
  image: z.string().nullable(),
  role: z.enum(ROLES),
  twoFactorEnabled: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const signedInSession = z.strictObject({
  session: z.strictObject({
    id: z.string(),
    userId: z.string(),
    expiresAt: timestamp,
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
  // The whole user row, the ban of an admin (lib/admin/) included: past, when signed in.
  user: betterAuthUser.extend({
    roleSetAt: timestamp.nullable(),
    banned: z.boolean(),
    banReason: z.string().nullable(),
    banExpires: timestamp.nullable(),
  }),
});

export const status = z.strictObject({ status: z.boolean() });

export const ok = (description: string, body: z.ZodType): EndpointAnswer => ({ description, body });
