import { describe, expect, it } from 'vitest';
import { loadTestcontainers } from './container-engine.js';
import { loopbackContainer } from './loopback-container.js';

// What testcontainers will hand to the engine's create call (no engine needed to build it).
type PortBindings = Record<string, { HostIp?: string; HostPort?: string }[]>;
const bindingsOf = (container: object) =>
  (container as { hostConfig: { PortBindings?: PortBindings } }).hostConfig.PortBindings ?? {};

describe('loopbackContainer', () => {
  it('publishes every exposed port on 127.0.0.1, on a port the engine picks', async () => {
    const testcontainers = await loadTestcontainers();
    const container = loopbackContainer(testcontainers, 'prom/prometheus:v2.42.0')
      .withExposedPorts(9090)
      .withExposedPorts(8474, '26000/tcp');
    expect(bindingsOf(container)).toEqual({
      '9090/tcp': [{ HostIp: '127.0.0.1', HostPort: '0' }],
      '8474/tcp': [{ HostIp: '127.0.0.1', HostPort: '0' }],
      '26000/tcp': [{ HostIp: '127.0.0.1', HostPort: '0' }],
    });
  });

  it('keeps a fixed host port when one is asked for, still on loopback', async () => {
    const testcontainers = await loadTestcontainers();
    const container = loopbackContainer(testcontainers, 'x:1').withExposedPorts({
      container: 8080,
      host: 18080,
    });
    expect(bindingsOf(container)).toEqual({
      '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }],
    });
  });

  it('differs from a plain GenericContainer, which publishes on every interface', async () => {
    const testcontainers = await loadTestcontainers();
    const plain = new testcontainers.GenericContainer('x:1').withExposedPorts(8080);
    expect(bindingsOf(plain)).toEqual({ '8080/tcp': [{ HostPort: '0' }] });
  });
});
