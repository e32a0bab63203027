// The report's and the live page's stylesheet: light, system fonts only (the file must
// open with no network), readable at 1366×768, and a print sheet that keeps each check
// and each chart on one page.

export const REPORT_CSS = `
:root { color-scheme: light; --pass: #2b8a3e; --fail: #c92a2a; --nodata: #b35c00; --error: #862e9c;
  --muted: #5c636a; --line: #dee2e6; --soft: #f8f9fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #212529; background: #fff; }
main { max-width: 1240px; margin: 0 auto; padding: 16px 20px 40px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 28px 0 6px; padding-top: 12px; border-top: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 18px 0 6px; }
p { margin: 4px 0 8px; }
code, pre { font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
pre { background: var(--soft); border: 1px solid var(--line); padding: 8px 10px; overflow-x: auto;
  white-space: pre-wrap; word-break: break-word; margin: 4px 0 8px; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 4px; font-weight: 600; font-size: 0.85rem;
  color: #fff; background: var(--muted); vertical-align: middle; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); }
.badge.no-data { background: var(--nodata); } .badge.error { background: var(--error); }
.badge.not-run { background: #adb5bd; }
.badge.aborted { background: #f59f00; }
.verdict { font-size: 1.05rem; padding: 8px 12px; border-left: 5px solid var(--muted); background: var(--soft); }
.verdict.pass { border-color: var(--pass); } .verdict.fail { border-color: var(--fail); }
.verdict.no-data { border-color: var(--nodata); } .verdict.error { border-color: var(--error); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
.drill-chart { margin: 8px 0 4px; min-height: 320px; }
.chart-key { list-style: none; padding: 0; margin: 4px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px;
  font-size: 0.85rem; color: var(--muted); }
.chart-key .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 5px;
  border: 1px solid #ced4da; vertical-align: -1px; }
.check { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.check > h4 { margin: 0 0 4px; font-size: 1rem; }
.check.fail, .check.no-data, .check.error { border-color: var(--fail); }
.evidence { margin: 6px 0 0; padding-left: 18px; }
.evidence li { margin: 3px 0; }
.diagnosis { border-color: var(--fail); background: #fff5f5; }
.banner { padding: 12px 16px; margin: 10px 0; border: 3px solid #e67700; background: #fff4e6; border-radius: 6px; }
.banner h2 { border: 0; margin: 0 0 6px; padding: 0; }
.banner .countdown { font-size: 1.4rem; font-weight: 700; }
.status { display: flex; flex-wrap: wrap; gap: 6px 22px; font-size: 1.05rem; margin: 6px 0; }
.status b { font-weight: 600; }
.uplot .u-legend { font-size: 0.85rem; }
@media (max-width: 900px) { main { padding: 10px; } dl.facts { grid-template-columns: 1fr; } }
@media print {
  @page { margin: 12mm; }
  body { font-size: 11pt; background: #fff !important; color: #000; }
  main { max-width: none; padding: 0; }
  pre { white-space: pre-wrap; background: #fff; }
  th, .verdict, pre, .banner { background: #fff !important; }
  .badge { color: #000 !important; background: #fff !important; border: 1px solid #000; }
  .drill-chart, .check, table, pre, .verdict, dl.facts, .banner { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .uplot, .chart-plot { max-width: 100%; }
  .no-print { display: none; }
  .chart-key .swatch { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
