import { z } from "zod";
import { answerDeviceRequest } from "@/lib/auth/oauth";
import { consentRoute } from "../consent-route";

// The /device page's answer (app/device/page.tsx).
export const POST = consentRoute({
  summary: "The signed-in user allows or denies a device's request by its user code (RFC 8628)",
  request: {
    user_code: z.string().describe("As the device shows it; case, dash and spaces ignored"),
  },
  redirect: "Back to /device, which says the device may go on (or was refused)",
  answer: answerDeviceRequest,
});
