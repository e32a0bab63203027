// A Toxiproxy toxic on the proxy between the load and the target, on one stream or both.

import { toxiproxyParams } from './ownership.js';
import type { ToxicAction } from '../scenario/action-spec.js';
import { ToxiproxyClient } from '../stack/toxiproxy/toxiproxy-client.js';
import type { Action } from './action.js';
import type { Undoer } from './undoer.js';

let sequence = 0;

export function toxicAction(spec: ToxicAction): Action {
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

export const undoToxic: Undoer = async (params) => {
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
};

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
