import type { MetadataRoute } from "next";

/** The web app manifest (/manifest.webmanifest): installable, opening on the dashboard. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Taskflow",
    short_name: "Taskflow",
    description: "A task manager with secure, stateless sign-in.",
    start_url: "/dashboard",
    display: "standalone",
    background_color: "#f8fafc",
    theme_color: "#4f46e5",
    icons: [{ src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" }],
  };
}
