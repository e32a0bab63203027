# The reference TickStorm-compatible target, for `docker compose up` and
# `chaos run --provider docker`. The published server's variables (STREAM_USER,
# MAX_CONNECTIONS, HEARTBEAT_TIMEOUT_MS, GOMEMLIMIT, ...) apply as they do outside.
#
#   docker build -t tickstorm-chaos/reference-target:local .
#   docker run --rm -p 127.0.0.1:8080:8080 -p 127.0.0.1:9090:9090 -p 127.0.0.1:8081:8081 \
#     tickstorm-chaos/reference-target:local

# Node 26.10, the LTS the tests run on (scripts/node-versions.json), above the 22.22 that
# package.json's engines field asks for. Overridable (`--build-arg BASE_IMAGE=...`); where
# no registry answers, `npm run setup -- --containers` builds a stand-in under this same
# name from the Node 26 that setup put in .tools/node.
ARG BASE_IMAGE=node:26.10-bookworm-slim
FROM ${BASE_IMAGE}

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so a source change reuses this layer. No install script is needed
# at run time (esbuild, under tsx, finds its binary in its platform package), and the
# optional native builds of docker's ssh client have no compiler in a slim image.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# The CLI runs from TypeScript source through tsx: no build step, as outside.
COPY tsconfig.json ./
COPY bin/ bin/
COPY src/ src/
COPY rules/ rules/
COPY scenarios/ scenarios/

# The image's own unprivileged user (uid 1000); the target needs no privilege.
USER node

# Stream, metrics, health: the published server's fixed ports.
EXPOSE 8080 9090 8081

# Slim images have no curl; Node's own fetch asks /health.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HEALTH_PORT || 8081) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Inside a container the listener must face the container's network: 0.0.0.0, which the
# target refuses without --listen-any. Which host ports reach it is the publisher's
# choice (docker-compose.yml binds them to 127.0.0.1).
ENTRYPOINT ["node", "bin/chaos.js", "target", "--host", "0.0.0.0", "--listen-any"]
