// Plausible market data: each symbol's price takes one small random-walk step per beat,
// shared by every subscriber (one market, many viewers), with bid < price < ask.

import type { Tick } from './messages.js';

interface Quote {
  priceCents: number;
  step: number;
}

export class TickMarket {
  private readonly quotes = new Map<string, Quote>();
  private step = 0;
  private nowMs = 0;

  constructor(private readonly random: () => number = Math.random) {}

  /** Starts the next beat: every symbol asked about from now on moves once. */
  advance(nowMs: number): void {
    this.step++;
    this.nowMs = nowMs;
  }

  tick(symbol: string, mode: number): Tick {
    const quote = this.quoteOf(symbol);
    // Half a basis point each side, at least a cent, so bid < price < ask always holds.
    const halfSpread = Math.max(1, Math.round(quote.priceCents * 0.00005));
    return {
      symbol,
      timestampMs: this.nowMs,
      price: quote.priceCents / 100,
      volume: 1 + Math.floor(this.random() * 1000),
      bid: (quote.priceCents - halfSpread) / 100,
      ask: (quote.priceCents + halfSpread) / 100,
      bidSize: 100 * (1 + Math.floor(this.random() * 50)),
      askSize: 100 * (1 + Math.floor(this.random() * 50)),
      mode,
      metadata: {},
    };
  }

  private quoteOf(symbol: string): Quote {
    let quote = this.quotes.get(symbol);
    if (!quote) {
      quote = { priceCents: startingPriceCents(symbol), step: this.step };
      this.quotes.set(symbol, quote);
    }
    if (quote.step < this.step) {
      // A 0.1 % standard move per beat; never below a dollar.
      const move = 1 + 0.001 * gaussian(this.random);
      quote.priceCents = Math.max(100, Math.round(quote.priceCents * move));
      quote.step = this.step;
    }
    return quote;
  }
}

/** $20..$500, fixed per symbol so restarts look alike. */
function startingPriceCents(symbol: string): number {
  let hash = 2166136261;
  for (let i = 0; i < symbol.length; i++) hash = Math.imul(hash ^ symbol.charCodeAt(i), 16777619);
  return 2000 + ((hash >>> 0) % 48_000);
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
