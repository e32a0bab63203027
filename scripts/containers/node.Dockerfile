# Stand-in for the Node base image our Dockerfile names, where no registry answers: the
# Node binary and npm that setup installed in .tools/node (else this machine's own; either
# way the version the tag says) on Debian, with the `node` user (uid 1000) the official
# images have.
ARG BASE_IMAGE=tickstorm-chaos/debian-base:bookworm
FROM ${BASE_IMAGE}
COPY node /usr/local/bin/node
COPY npm-dist /usr/local/lib/node_modules/npm
# Shared libraries the binary links that a minbase Debian lacks (libatomic for Node 24+).
COPY libs/ /usr/local/lib/
# This machine's certificate authorities: its way to the npm registry may pass a TLS
# proxy the official image would not know (a build of our Dockerfile runs `npm ci`).
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
RUN ldconfig \
  && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
  && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
  && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
CMD ["node"]
