// A Toxiproxy toxic on the proxy between the load and the target, on one stream or both.

import { z } from 'zod';
import { findBinary } from '../../stack/find-binary.js';
import { ToxiproxyClient } from '../../stack/toxiproxy/toxiproxy-client.js';
import type { Action } from '../action.js';
import { defineFault, type Spec } from '../fault-kind.js';
import { toxiproxyOwnership, toxiproxyParams } from '../ownership.js';
import type { Undoer } from '../undoer.js';

/** Toxiproxy's attribute names per toxic type, in its own units. */
export const toxicAttributes: Record<string, readonly string[]> = {
  latency: ['latency', 'jitter'],
  bandwidth: ['rate'],
  slow_close: ['delay'],
  timeout: ['timeout'],
  slicer: ['average_size', 'size_variation', 'delay'],
  limit_data: ['bytes'],
  reset_peer: ['timeout'],
};

const options = z.object({
  toxic: z.enum([
    'latency',
    'bandwidth',
    'slow_close',
    'timeout',
    'slicer',
    'limit_data',
    'reset_peer',
  ]),
  /** downstream = target → clients; upstream = clients → target; both = one toxic each. */
  stream: z.enum(['downstream', 'upstream', 'both']).optional(),
  /** Fraction of connections affected, 0..1 (default 1). */
  toxicity: z.number().min(0).max(1).optional(),
  /** Toxiproxy's attributes for this type, in its units (ms, KB/s, bytes). */
  // Toxiproxy reads attributes as 64-bit integers; Infinity or 1e300 is no latency at all.
  attributes: z
    .record(
      z.number().refine(
        (n) => Number.isFinite(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER,
        (n) => ({ message: `expected a finite number from 0 to 2^53, got ${String(n)}` }),
      ),
    )
    .optional(),
});

/** A Toxiproxy toxic on the proxy between the load and the target. */
export type ToxicAction = Spec<'toxic', typeof options>;
export type ToxicType = ToxicAction['toxic'];

export const toxicFault = defineFault({
  type: 'toxic',
  summary: 'a Toxiproxy toxic on the path between the clients and the target',
  options,
  check: (spec) => {
    const allowed = toxicAttributes[spec.toxic] ?? [];
    return Object.keys(spec.attributes ?? {})
      .filter((name) => !allowed.includes(name))
      .map((name) => ({
        path: ['attributes', name],
        message: `unknown attribute for a ${spec.toxic} toxic; expected one of ${allowed.join(', ')}`,
      }));
  },
  create: toxicAction,
  ledgerKinds: { toxic: { undo: undoToxic, ownership: toxiproxyOwnership } },
  needs: { proxyPath: true },
  doctor: () => {
    const toxiproxy = findBinary('toxiproxy-server') !== null;
    return [
      {
        name: 'fault toxics (latency, bandwidth, timeout, slicer, limit_data, reset_peer)',
        ok: toxiproxy,
        detail: toxiproxy ? 'toxiproxy-server is installed' : 'toxiproxy-server is missing',
        fix: 'npm run setup',
        required: true,
      },
    ];
  },
});

let sequence = 0;

function toxicAction(spec: ToxicAction): Action {
  const streams =
    spec.stream === 'both'
      ? (['upstream', 'downstream'] as const)
      : ([spec.stream ?? 'downstream'] as const);
  const toxicity = spec.toxicity ?? 1;
  const attributes = spec.attributes ?? {};
  const shown = Object.entries(attributes)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return {
    kind: 'toxic',
    intent: `add a ${spec.toxic} toxic (${shown || 'defaults'}) on ${streams.join(' and ')} at toxicity ${toxicity}`,
    async apply(context) {
      const { client, proxy } = context.stack.toxiproxy;
      const names: string[] = [];
      sequence += 1;
      for (const stream of streams) {
        const name = `chaos_${spec.toxic}_${stream}_${sequence}`;
        context.ledger.record(
          'toxic',
          { ...toxiproxyParams(client.url), proxy, toxic: name },
          `remove toxic ${name} from proxy ${proxy}`,
        );
        await client.addToxic(proxy, { name, type: spec.toxic, stream, toxicity, attributes });
        names.push(name);
      }
      return {
        kind: 'toxic',
        summary: `added a ${spec.toxic} toxic on the ${streams.join(' and ')} stream${streams.length > 1 ? 's' : ''} of proxy ${proxy}`,
        how: `Toxiproxy ${client.url}: POST /proxies/${proxy}/toxics ${names.map((n) => `"${n}"`).join(', ')} type=${spec.toxic} toxicity=${toxicity} attributes {${shown}}`,
        details: { toxics: names, type: spec.toxic, streams, toxicity, attributes },
      };
    },
  };
}

async function undoToxic(params: Record<string, unknown>): Promise<string> {
  const client = new ToxiproxyClient(String(params.toxiproxyUrl));
  const proxy = String(params.proxy);
  const toxic = String(params.toxic);
  try {
    const removed = await client.removeToxic(proxy, toxic);
    return removed ? `removed toxic ${toxic} from ${proxy}` : `toxic ${toxic} was already gone`;
  } catch (error) {
    // A Toxiproxy that is gone took its toxics with it.
    if ((error as Error).name === 'ToxiproxyUnavailableError')
      return `toxiproxy at ${client.url} is gone, and its toxic ${toxic} with it`;
    throw error;
  }
}

export const undoProxy: Undoer = async (params) => {
  const client = new ToxiproxyClient(String(params.toxiproxyUrl));
  const proxy = String(params.proxy);
  try {
    const removed = await client.deleteProxy(proxy);
    return removed ? `removed proxy ${proxy}` : `proxy ${proxy} was already gone`;
  } catch (error) {
    if ((error as Error).name === 'ToxiproxyUnavailableError')
      return `toxiproxy at ${client.url} is gone, and its proxy ${proxy} with it`;
    throw error;
  }
};
