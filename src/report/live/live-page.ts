// The live page: the report's styles, uPlot and chart script, plus the live client,
// all inlined; it may connect only back to the live view's own WebSocket.

import { readFileSync } from 'node:fs';
import { inlineRaw } from '../html/escape.js';
import { pageShell } from '../html/page-shell.js';

let clientJs: string | null = null;

/** `hosts`: the host:port names the page is served under, for its WebSocket. */
export function livePage(hosts: readonly string[]): string {
  clientJs ??= inlineRaw(
    readFileSync(new URL('./live-client.js', import.meta.url), 'utf8'),
    'script',
  );
  return pageShell({
    title: 'chaos: live drill',
    body: `
<header id="run"><h1>Drill run: waiting for the first event…</h1></header>
<p class="muted no-print">Live view: <span id="connection" data-state="connecting">connecting</span></p>
<div id="drills"></div>`,
    scripts: [clientJs],
    connectSrc: hosts.map((host) => `ws://${host}`).join(' '),
  });
}
