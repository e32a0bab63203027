// The images and ports the container paths share: docker-compose.yml pins the same
// versions (a test holds them together), and the local provider runs the same releases.

export const TOXIPROXY_IMAGE = 'ghcr.io/shopify/toxiproxy:2.12.0';
export const PROMETHEUS_IMAGE = 'prom/prometheus:v2.42.0';
export const ALERTMANAGER_IMAGE = 'prom/alertmanager:v0.25.0';
/** Built from the repository's Dockerfile, by compose and by the docker provider alike. */
export const TARGET_IMAGE = 'tickstorm-chaos/reference-target:local';

/** The reference target's ports inside its container (the published server's defaults). */
export const TARGET_PORTS = { stream: 8080, metrics: 9090, health: 8081 } as const;
export const TOXIPROXY_API_PORT = 8474;
/** Where the drill's proxy listens inside the Toxiproxy container. */
export const PROXY_PORT = 26000;
export const PROMETHEUS_PORT = 9090;
export const ALERTMANAGER_PORT = 9093;
/** The drill's webhook receiver, run from the target image on the drill's network. */
export const RECEIVER_PORT = 9095;
/** The network aliases Alertmanager's webhooks and Prometheus's alerts are sent to. */
export const RECEIVER_ALIAS = 'pager';
export const ALERTMANAGER_ALIAS = 'alertmanager';
