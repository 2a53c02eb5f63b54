# The web app: Next.js standalone output (web/next.config.ts sets output: 'standalone'). Build from the repository
# root after `npm run build -w web`:
#   docker build -f terraform/docker/web.Dockerfile -t REGION-docker.pkg.dev/PROJECT/tickethub/web:TAG .
FROM node:20-slim

ENV NODE_ENV=production \
    PORT=8080 \
    HOSTNAME=0.0.0.0
WORKDIR /app

# In a workspace, the standalone tree mirrors the repository: the server is web/server.js. Static assets are not
# part of it and are copied next to it.
COPY web/.next/standalone/ ./
COPY web/.next/static/ ./web/.next/static/
# If the app gains a web/public directory, copy it as well: COPY web/public/ ./web/public/

USER node
EXPOSE 8080
CMD ["node", "web/server.js"]
