// Toxiproxy names go into its API's URL paths as they are (toxiproxy-node-client does not
// encode them): only plain names may, or `../admin` would reach another route.

export const TOXIPROXY_NAME = /^[A-Za-z0-9_-]+$/;

export function isPlainToxiproxyName(name: unknown): name is string {
  return typeof name === 'string' && TOXIPROXY_NAME.test(name);
}
