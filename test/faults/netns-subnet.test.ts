// Two runs on one host may create drill namespaces at the same moment. Reading the free
// 10.213.x.0/30 subnets and adding an address are two steps, so both could take one
// subnet and route each other's traffic. A claim must stand only when, once added, no
// other interface holds that subnet.

import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { claimSubnet, pickSubnet, subnetClaims } from '../../src/faults/netns.js';
import { canMakeNamespaces } from '../helpers/can-make-namespaces.js';

describe('pickSubnet', () => {
  it('starts where the tag says and skips the subnets in use', () => {
    const start = (0x00ff % 254) + 1;
    expect(pickSubnet(new Set(), 0x00ff)).toBe(start);
    expect(pickSubnet(new Set([start, start + 1]), 0x00ff)).toBe(start + 2);
  });

  it('wraps past 254 and says when every subnet is taken', () => {
    const start = 253; // the subnet 254
    expect(pickSubnet(new Set([254]), start)).toBe(1);
    const all = new Set(Array.from({ length: 254 }, (_, i) => i + 1));
    expect(pickSubnet(all, start)).toBeUndefined();
  });
});

const ip = (...args: string[]) =>
  execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const addressesOf = async (dev: string) =>
  (await subnetClaims()).filter((claim) => claim.dev === dev).map((claim) => claim.third);

describe.skipIf(!canMakeNamespaces())('claimSubnet on this host (root, veth)', () => {
  const tag = `${process.pid.toString(16).padStart(6, '0').slice(-6)}`;
  const ours = `chs${tag}o`;
  const rival = `chs${tag}r`;
  afterEach(() => {
    for (const dev of [ours, rival]) {
      try {
        ip('link', 'del', dev); // its peer goes with it
      } catch {
        // not created
      }
    }
  });

  it('gives up a subnet another run took between reading and adding, and takes another', async () => {
    ip('link', 'add', ours, 'type', 'veth', 'peer', 'name', `${ours.slice(0, -1)}p`);
    ip('link', 'add', rival, 'type', 'veth', 'peer', 'name', `${rival.slice(0, -1)}q`);
    const wanted = pickSubnet(new Set((await subnetClaims()).map((c) => c.third)), 0);
    expect(wanted).toBeDefined();
    // The rival run adds its address to the subnet this claim is about to take...
    ip('addr', 'add', `10.213.${wanted}.1/30`, 'dev', rival);
    // ...after this claim read the host's subnets: its first reading does not show it.
    let readings = 0;
    const readClaims = async () =>
      readings++ === 0 ? (await subnetClaims()).filter((c) => c.dev !== rival) : subnetClaims();

    const third = await claimSubnet(ours, 0, readClaims);

    expect(readings).toBeGreaterThan(2); // read, found the rival, read again
    expect(third).not.toBe(wanted);
    expect(await addressesOf(ours)).toEqual([third]);
    expect(await addressesOf(rival)).toEqual([wanted]); // the other run's claim is untouched
  });

  it('keeps a subnet nobody else holds', async () => {
    ip('link', 'add', ours, 'type', 'veth', 'peer', 'name', `${ours.slice(0, -1)}p`);
    const third = await claimSubnet(ours, 0);
    expect(await addressesOf(ours)).toEqual([third]);
    expect((await subnetClaims()).filter((c) => c.third === third)).toHaveLength(1);
  });
});
