// A testcontainers GenericContainer whose published ports bind 127.0.0.1 only.
// testcontainers publishes on every interface; this framework never exposes a part of
// its stack beyond this machine (DESIGN.md, Safety), and its API has no host-IP option.

import type { GenericContainer, PortWithOptionalBinding } from 'testcontainers';
import type { TestcontainersModule } from './container-engine.js';

export const LOOPBACK = '127.0.0.1';

export function loopbackContainer(
  testcontainers: TestcontainersModule,
  image: string,
): GenericContainer {
  class LoopbackContainer extends testcontainers.GenericContainer {
    override withExposedPorts(...ports: PortWithOptionalBinding[]): this {
      super.withExposedPorts(...ports);
      // hostConfig is what testcontainers hands to the engine's create call.
      for (const bindings of Object.values(this.hostConfig.PortBindings ?? {})) {
        for (const binding of bindings as { HostIp?: string }[]) binding.HostIp = LOOPBACK;
      }
      return this;
    }
  }
  return new LoopbackContainer(image);
}
