# Stand-in for ghcr.io/shopify/toxiproxy:2.12.0 where no registry answers: the same
# release (the go-installed binary), the same entrypoint and default command.
ARG BASE_IMAGE=tickstorm-chaos/debian-base:bookworm
FROM ${BASE_IMAGE}
COPY toxiproxy-server /toxiproxy
EXPOSE 8474
ENTRYPOINT ["/toxiproxy"]
CMD ["-host=0.0.0.0"]
