import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // A self-contained server for the Cloud Run image.
  output: 'standalone',
  // The browser tests build into their own directory, so a developer's `next dev` (.next/dev) is left alone.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  transpilePackages: ['@tickethub/shared'],
  poweredByHeader: false,
};

export default nextConfig;
