import { describe, expect, it } from 'vitest';
import { TickMarket } from './tick-market.js';

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('TickMarket', () => {
  it('quotes bid < price < ask with positive sizes and volume', () => {
    const market = new TickMarket(seeded(1));
    for (let beat = 0; beat < 500; beat++) {
      market.advance(1_700_000_000_000 + beat * 1000);
      for (const symbol of ['AAPL', 'X', 'BRK.A']) {
        const tick = market.tick(symbol, 1);
        expect(tick.bid).toBeLessThan(tick.price);
        expect(tick.price).toBeLessThan(tick.ask);
        expect(tick.volume).toBeGreaterThan(0);
        expect(tick.bidSize).toBeGreaterThan(0);
        expect(tick.askSize).toBeGreaterThan(0);
        expect(tick.timestampMs).toBe(1_700_000_000_000 + beat * 1000);
      }
    }
  });

  it('moves each symbol once per beat, however many subscribers ask', () => {
    const market = new TickMarket(seeded(2));
    market.advance(1);
    const first = market.tick('AAPL', 1).price;
    expect(market.tick('AAPL', 2).price).toBe(first);
    const prices = [first];
    for (let beat = 2; beat < 200; beat++) {
      market.advance(beat);
      prices.push(market.tick('AAPL', 1).price);
    }
    // A random walk: it moves, but by small steps.
    expect(new Set(prices).size).toBeGreaterThan(50);
    for (let i = 1; i < prices.length; i++) {
      expect(Math.abs(prices[i]! / prices[i - 1]! - 1)).toBeLessThan(0.01);
    }
  });
});
