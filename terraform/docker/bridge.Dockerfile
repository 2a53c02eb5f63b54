# The events bridge: the functions package built by `npm run build:functions` (functions/dist), run as
# `node dist/bridge.js`. Build from the repository root:
#   docker build -f terraform/docker/bridge.Dockerfile -t REGION-docker.pkg.dev/PROJECT/tickethub/bridge:TAG .
# Node 24 (the functions' runtime is nodejs24), pinned by the digest of Docker's official multi-platform index for
# node:24-bookworm-slim (Node 24.18.1, built 2026-07-30): a rebuild gets the same image; move it on deliberately.
FROM node:24-bookworm-slim@sha256:235600a8101ab264e117b1768e925532262668dc9b581ef1dd7d96ced463b8e7

ENV NODE_ENV=production
WORKDIR /app

# dist/package.json lists what the bundle leaves external; install exactly that, as Cloud Functions does for the
# same package.
COPY functions/dist/ ./dist/
RUN cd dist && npm install --omit=dev --no-audit --no-fund && npm cache clean --force

USER node
CMD ["node", "dist/bridge.js"]
