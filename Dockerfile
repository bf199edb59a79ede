# syntax=docker/dockerfile:1
# Samverkan container image.
#   docker build -t samverkan .
#   docker run -e ORIGIN=https://samverkan.example.org -p 127.0.0.1:3000:3000 -v samverkan-data:/data samverkan
# One image serves any address: ORIGIN is read when the container starts (decision 014). See
# docs/operations.md.

ARG NODE_IMAGE=node:24-slim

# --- build: all dependencies, compile the catalogues, build the app
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true
COPY package.json package-lock.json .npmrc ./
# npm ci runs the prepare script.
COPY scripts/prepare.mjs scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/start.ts --build-only

# --- production dependencies only (no vite, no svelte compiler, no second Node binary)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- runtime
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
	HOST=0.0.0.0 \
	PORT=3000 \
	SAMVERKAN_DATA_DIR=/data \
	SAMVERKAN_NO_BUILD=1
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/build ./build
# The CLI (migrate, create-admin, backup, …) runs from the TypeScript sources with Node's type stripping.
COPY --from=build /app/src/lib ./src/lib
COPY --from=build /app/scripts ./scripts
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
	CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Checks the configuration, then serves; migrations run on start.
CMD ["node", "scripts/start.ts"]
