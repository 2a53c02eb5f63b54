# The events bridge: the functions package built by `npm run build:functions` (functions/dist), run as
# `node dist/bridge.js`. Build from the repository root:
#   docker build -f terraform/docker/bridge.Dockerfile -t REGION-docker.pkg.dev/PROJECT/tickethub/bridge:TAG .
FROM node:20-slim

ENV NODE_ENV=production
WORKDIR /app

# dist/package.json lists what the bundle leaves external; install exactly that, as Cloud Functions does for the
# same package.
COPY functions/dist/ ./dist/
RUN cd dist && npm install --omit=dev --no-audit --no-fund && npm cache clean --force

USER node
CMD ["node", "dist/bridge.js"]
