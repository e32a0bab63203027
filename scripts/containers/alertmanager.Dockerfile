# Stand-in for prom/alertmanager:v0.25.0 where no registry answers: Debian's 0.25.0
# build, laid out as the official image is.
ARG BASE_IMAGE=tickstorm-chaos/debian-base:bookworm
FROM ${BASE_IMAGE}
COPY alertmanager amtool /bin/
# Debian's build reads its notification templates from here (the official binary embeds
# them): without them every config fails with "failed to parse templates".
COPY templates/ /usr/share/prometheus/alertmanager/
COPY alertmanager.yml /etc/alertmanager/alertmanager.yml
RUN mkdir -p /alertmanager && chown nobody:nogroup /alertmanager
USER nobody
WORKDIR /alertmanager
EXPOSE 9093
VOLUME ["/alertmanager"]
ENTRYPOINT ["/bin/alertmanager"]
CMD ["--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager"]
