# Stand-in for prom/prometheus:v2.42.0 where no registry answers: Debian's 2.42.0 build,
# laid out as the official image is (binary, config, data folder, user, entrypoint).
ARG BASE_IMAGE=tickstorm-chaos/debian-base:bookworm
FROM ${BASE_IMAGE}
COPY prometheus promtool /bin/
COPY prometheus.yml /etc/prometheus/prometheus.yml
RUN mkdir -p /prometheus && chown nobody:nogroup /prometheus
USER nobody
WORKDIR /prometheus
EXPOSE 9090
VOLUME ["/prometheus"]
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
