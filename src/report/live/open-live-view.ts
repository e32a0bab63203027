// `chaos run --ui` glue: start the live view, say where it is, and at the end either
// close it (after the final verdict has gone out) or, with --ui-keep, keep serving
// until Ctrl-C.

import type { EventHub } from '../../result/events.js';
import { startLiveView, type LiveView } from './live-view.js';

export interface OpenLiveViewOptions {
  port: number;
  keep: boolean;
  thresholds?: Readonly<Record<string, number>>;
  stream?: NodeJS.WritableStream;
}

export interface OpenLiveView {
  view: LiveView;
  /** Call when the run has ended. */
  finish(): Promise<void>;
}

export async function openLiveView(
  events: EventHub,
  options: OpenLiveViewOptions,
): Promise<OpenLiveView> {
  const out = options.stream ?? process.stderr;
  const view = await startLiveView({
    events,
    port: options.port,
    host: '127.0.0.1',
    // Refused requests are said where the drill's progress goes, bounded by the view.
    log: (line) => out.write(`chaos: ${line}\n`),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
  });
  out.write(`chaos: live view at ${view.url}\n`);
  return {
    view,
    finish: async () => {
      if (options.keep) {
        out.write(`chaos: the run has ended; the live view stays at ${view.url} until Ctrl-C\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
      }
      await view.close();
    },
  };
}
