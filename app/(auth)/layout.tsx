import type { ReactNode } from "react";
import { CardPage } from "@/components/card-page";

/** Sign-in, sign-up and password pages. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return <CardPage width="narrow">{children}</CardPage>;
}
