import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_SETTINGS, REFERENCE_SETTINGS } from './settings.js';

describe('the settings each TickStorm reads', () => {
  it('lists every variable config.ts reads for the reference target, and no other', () => {
    const source = readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
    const read = new Set(
      [...source.matchAll(/\b(?:read|integer|duration|port)\('([A-Z_]+)'/g)].map((m) => m[1]!),
    );
    for (const name of ['TLS_ENABLED', 'IP_ALLOWLIST', 'IP_BLOCKLIST']) read.add(name);
    expect([...REFERENCE_SETTINGS].sort()).toEqual([...read].sort());
  });

  it('leaves out what the published code never reads', () => {
    for (const name of ['MAX_CONNECTIONS', 'CONNECTION_TIMEOUT', 'KEEPALIVE_INTERVAL'])
      expect(PUBLISHED_SETTINGS).not.toContain(name);
  });
});
