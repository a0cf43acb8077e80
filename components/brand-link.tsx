import Link from "next/link";
import { LogoMark } from "./ui/icons";

export function BrandLink({ href = "/" }: { href?: string }) {
  return (
    <Link
      href={href}
      className="inline-flex items-center gap-2 rounded-lg text-lg font-bold tracking-tight"
    >
      <LogoMark />
      <span>Taskflow</span>
    </Link>
  );
}
