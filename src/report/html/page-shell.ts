// The document around a page's body: one file with every style and script inlined, and
// a Content-Security-Policy that forbids loading anything from anywhere else.

import { escapeHtml as e } from './escape.js';
import { pageAssets } from './page-assets.js';
import { REPORT_CSS } from './styles.js';

export interface PageShellOptions {
  title: string;
  body: string;
  /** Scripts run after uPlot and the chart script, in order. */
  scripts: string[];
  /** Origins the page may connect to (the live view's WebSocket); none for the report. */
  connectSrc?: string;
}

export function pageShell(options: PageShellOptions): string {
  const assets = pageAssets();
  const csp = [
    "default-src 'none'",
    "script-src 'unsafe-inline'",
    "style-src 'unsafe-inline'",
    'img-src data:',
    `connect-src ${options.connectSrc ?? "'none'"}`,
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<title>${e(options.title)}</title>
<link rel="icon" href="data:,">
<style>${assets.uplotCss}</style>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${options.body}
</main>
<script>${assets.uplotJs}</script>
<script>${assets.chartJs}</script>
${options.scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}
