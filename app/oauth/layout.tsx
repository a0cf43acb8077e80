import type { ReactNode } from "react";
import { CardPage } from "@/components/card-page";

/** An app's consent page: a little wider than sign-in, for the app's name and its scopes. */
export default function OAuthLayout({ children }: { children: ReactNode }) {
  return <CardPage width="wide">{children}</CardPage>;
}
