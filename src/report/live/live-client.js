/* global window, document, WebSocket, location */
// Runs in the browser on the live page: follows the drill over a WebSocket (history
// first, then live events; see live-messages.ts) and shows the chart growing, the
// phase with elapsed time against its bound, the alert state, markers, step outcomes,
// an operator banner in game-day mode, and the final verdict.
'use strict';

(function () {
  const OUTCOME = { pass: 'PASS', fail: 'FAIL', 'no-data': 'NO DATA', error: 'ERROR' };
  const MAX_LOG_LINES = 40;
  const MAX_RECONNECTS = 5;
  const root = document.getElementById('drills');
  const runEl = document.getElementById('run');
  const connectionEl = document.getElementById('connection');
  const drills = new Map();
  let runEnded = false;
  let reconnects = 0;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else node.setAttribute(k, v);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  // Cut short by the user's stop (a stop condition, `chaos stop`): shown as such.
  function badge(outcome, aborted) {
    if (aborted) return el('span', { class: 'badge aborted' }, 'ABORTED');
    return el('span', { class: `badge ${outcome}` }, OUTCOME[outcome] || outcome);
  }

  function seconds(ms) {
    if (ms < 120000) return `${(ms / 1000).toFixed(1)} s`;
    const whole = Math.round(ms / 1000);
    return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  }

  function rate(value) {
    return value === null || value === undefined ? 'no data' : `${value.toFixed(2)} %`;
  }

  function drill(scenario) {
    let d = drills.get(scenario);
    if (d) return d;
    const status = {
      phase: el('span', { class: 'phase' }, 'setup'),
      elapsed: el('span', { class: 'elapsed' }, ''),
      alert: el('span', { class: 'alert-state' }, 'unknown'),
      server: el('span', {}, 'no data'),
      client: el('span', {}, 'no data'),
    };
    const section = el(
      'section',
      { class: 'drill', 'data-scenario': scenario, 'data-phase': 'setup' },
      el('h2', {}, scenario),
      el('p', { class: 'description muted' }),
      el('p', { class: 'verdict' }, 'running…'),
      el('div', { class: 'banner-slot' }),
      el(
        'div',
        { class: 'status' },
        el('span', {}, el('b', {}, 'phase '), status.phase, ' ', status.elapsed),
        el('span', {}, el('b', {}, 'alert '), status.alert),
        el('span', {}, el('b', {}, 'server-observed '), status.server),
        el('span', {}, el('b', {}, 'client-observed '), status.client),
      ),
      el('div', { class: 'drill-chart' }),
      el('h3', {}, 'Markers'),
      el('ul', { class: 'markers' }),
      el('h3', {}, 'Checks'),
      el('table', { class: 'steps' }, el('tbody')),
      el('h3', {}, 'Log'),
      el('pre', { class: 'log' }),
    );
    root.append(section);
    d = { section, status, chart: null, phase: null, banner: null, logLines: [] };
    drills.set(scenario, d);
    return d;
  }

  function newChart(d, model) {
    const holder = d.section.querySelector('.drill-chart');
    const fresh = el('div', { class: 'drill-chart' });
    holder.replaceWith(fresh);
    d.chart = window.DrillChart.create(fresh, model);
  }

  function applyChart(d, chart) {
    if (chart.init || chart.final) return newChart(d, chart.init || chart.final);
    if (!d.chart)
      newChart(d, {
        scenario: chart.scenario,
        threshold: null,
        points: [],
        bands: [],
        markers: [],
      });
    if (chart.point) d.chart.addPoint(chart.point);
    else if (chart.bandStart) d.chart.startBand(chart.bandStart);
    else if (chart.bandEnd) d.chart.endBand(chart.bandEnd.step, chart.bandEnd.to);
    else if (chart.marker) d.chart.addMarker(chart.marker);
  }

  function stepRow(step) {
    const detail = el('td', {}, step.message);
    if (step.diagnosis) detail.append(el('pre', { class: 'diagnosis' }, step.diagnosis));
    return el(
      'tr',
      { 'data-step': step.name, 'data-outcome': step.outcome },
      el('td', {}, badge(step.outcome, step.aborted)),
      el('td', {}, `${step.name}: ${step.title}`),
      el('td', {}, seconds(step.durationMs)),
      detail,
    );
  }

  function operatorBanner(d, event) {
    const countdown = el('span', { class: 'countdown' }, '');
    const banner = el(
      'div',
      { class: 'banner', 'data-operator': 'awaiting' },
      el('h2', {}, 'Operator: apply the remediation now'),
      el(
        'p',
        {},
        'The alert fired and the fault is still active. Time left before the escalation bound: ',
        countdown,
      ),
      el('pre', {}, event.remediation),
    );
    d.section.querySelector('.banner-slot').replaceChildren(banner);
    d.banner = { el: banner, countdown, deadline: Date.parse(event.at) + event.boundMs };
  }

  function operatorRecovered(d, event) {
    const banner = el(
      'div',
      { class: 'verdict pass', 'data-operator': 'recovered' },
      `Operator remediated: recovery seen ${seconds(event.afterMs)} after the alert fired.`,
    );
    d.section.querySelector('.banner-slot').replaceChildren(banner);
    d.banner = null;
  }

  function handle(message) {
    const event = message.event;
    const d = event.scenario
      ? drill(event.scenario)
      : event.result && event.result.scenario
        ? drill(event.result.scenario)
        : null;
    if (message.chart && d) applyChart(d, message.chart);
    switch (event.type) {
      case 'run-start':
        runEl.replaceChildren(
          el('h1', {}, `Drill run ${event.runId}: running`),
          el(
            'p',
            { class: 'muted' },
            `drills: ${event.drills.join(', ')}; reports in ${event.reportDir}`,
          ),
        );
        break;
      case 'drill-start':
        d.section.querySelector('.description').textContent = event.description;
        break;
      case 'phase':
        d.phase = {
          step: event.step,
          title: event.title,
          boundMs: event.boundMs,
          at: Date.parse(event.at),
        };
        d.section.dataset.phase = event.step;
        d.status.phase.textContent = `${event.step}: ${event.title}`;
        break;
      case 'sample':
        d.status.server.textContent = rate(event.point.serverDropRate);
        d.status.client.textContent = rate(event.point.clientDropRate);
        d.status.alert.textContent = event.point.alertState;
        d.section.dataset.alert = event.point.alertState;
        break;
      case 'marker': {
        const label =
          message.chart && message.chart.marker ? message.chart.marker.label : event.marker;
        d.section
          .querySelector('.markers')
          .append(
            el(
              'li',
              { 'data-marker': event.marker },
              `${label} at ${new Date(event.at).toLocaleTimeString()}`,
            ),
          );
        break;
      }
      case 'step-end':
        d.section.querySelector('.steps tbody').append(stepRow(event.step));
        break;
      case 'log': {
        if (!d) break;
        d.logLines.push(`${new Date(event.at).toLocaleTimeString()} ${event.message}`);
        if (d.logLines.length > MAX_LOG_LINES) d.logLines.shift();
        d.section.querySelector('.log').textContent = d.logLines.join('\n');
        break;
      }
      case 'awaiting-operator':
        operatorBanner(d, event);
        break;
      case 'operator-recovered':
        operatorRecovered(d, event);
        break;
      case 'drill-end': {
        const r = event.result;
        const verdict = d.section.querySelector('.verdict');
        verdict.className = `verdict ${r.outcome}`;
        verdict.replaceChildren(badge(r.outcome, Boolean(r.aborted)), ` ${r.message}`);
        d.section.dataset.outcome = r.outcome;
        d.phase = null;
        d.status.elapsed.textContent = `done in ${seconds(r.durationMs)}`;
        if (d.banner) d.banner.el.remove();
        break;
      }
      case 'run-end': {
        const r = event.result;
        runEnded = true;
        const verdict = el(
          'p',
          { id: 'verdict', class: `verdict ${r.outcome}`, 'data-outcome': r.outcome },
          badge(r.outcome, r.aborted && !r.interrupted),
          ` ${r.drills.length} drill(s), exit code ${r.exitCode}${r.interrupted ? ' (interrupted)' : r.aborted ? ' (aborted)' : ''}; reports in ${r.reportDir}`,
        );
        const label = r.aborted && !r.interrupted ? 'ABORTED' : OUTCOME[r.outcome];
        runEl.replaceChildren(el('h1', {}, `Drill run ${r.runId}: ${label}`), verdict);
        break;
      }
    }
  }

  function tick() {
    const now = Date.now();
    for (const d of drills.values()) {
      if (d.phase) {
        const elapsed = now - d.phase.at;
        d.status.elapsed.textContent = d.phase.boundMs
          ? `${seconds(elapsed)} / ${seconds(d.phase.boundMs)}`
          : seconds(elapsed);
      }
      if (d.banner) d.banner.countdown.textContent = seconds(Math.max(0, d.banner.deadline - now));
    }
  }

  function setConnection(state, text) {
    connectionEl.dataset.state = state;
    connectionEl.textContent = text;
  }

  function reset() {
    drills.clear();
    root.replaceChildren();
  }

  function connect() {
    const socket = new WebSocket(`ws://${location.host}/live`);
    socket.onopen = () => setConnection('open', 'live');
    socket.onmessage = (message) => {
      const data = JSON.parse(message.data);
      if (data.history) {
        // A reconnect gets the whole history again: start from a clean page.
        reset();
        for (const m of data.history) handle(m);
      } else handle(data);
    };
    socket.onclose = () => {
      if (runEnded) return setConnection('ended', 'the run has ended; chaos closed the live view');
      if (reconnects >= MAX_RECONNECTS)
        return setConnection('lost', 'connection lost; reload to try again');
      reconnects += 1;
      setConnection(
        'reconnecting',
        `connection lost; reconnecting (${reconnects}/${MAX_RECONNECTS})`,
      );
      setTimeout(connect, 2000);
    };
  }

  setInterval(tick, 500);
  connect();
})();
