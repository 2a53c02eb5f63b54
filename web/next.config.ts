import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // A self-contained server for the Cloud Run image.
  output: 'standalone',
  // The browser tests build into their own directory (.next/e2e), so a developer's build or `next dev` is left alone.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  transpilePackages: ['@tickethub/shared'],
  poweredByHeader: false,
  // Every browser gets the page's metadata (title, icon) in <head>, as bots do, instead of streamed into the body
  // later: a head without an icon link makes Chromium fetch /favicon.ico, and a tab would show no title until the
  // ticket has loaded. The ticket page is the one with async metadata, and it awaits the same ticket anyway.
  htmlLimitedBots: /.*/,
  // `npm run lint` at the root lints the shop with the rest of the repository (one flat config); linting again inside
  // `next build` would only repeat it, and the Docker image installs no linter.
  eslint: { ignoreDuringBuilds: true },
};

export default nextConfig;
