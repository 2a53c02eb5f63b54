import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // A self-contained server for the Cloud Run image.
  output: 'standalone',
  transpilePackages: ['@tickethub/shared'],
  poweredByHeader: false,
};

export default nextConfig;
