/* global window, document, ResizeObserver, uPlot */
// Runs in the browser, inlined into report.html and the live page: draws one drill's
// drop-rate chart with uPlot from a ChartModel (src/report/html/chart-model.ts) and
// lets the live page append to it. Phases are shaded and markers drawn on the canvas;
// what was drawn is also written to data-* attributes so tests can check it.
'use strict';

(function () {
  const COLORS = {
    server: '#d9480f',
    client: '#1971c2',
    threshold: '#c92a2a',
    marker: '#343a40',
    bands: {
      baseline: 'rgba(47, 158, 68, 0.12)',
      fault: 'rgba(224, 49, 49, 0.13)',
      remediation: 'rgba(245, 159, 0, 0.22)',
      verification: 'rgba(28, 126, 214, 0.12)',
      rollback: 'rgba(134, 142, 150, 0.16)',
    },
  };
  const HEIGHT = 300;
  const PRINT_WIDTH = 680;

  function formatSeconds(s) {
    if (Math.abs(s) < 120) return `${Math.round(s * 10) / 10} s`;
    const m = Math.floor(s / 60);
    const rest = Math.round(s - m * 60);
    return `${m}:${String(rest).padStart(2, '0')}`;
  }

  function create(container, model) {
    const data = [[], [], [], []];
    const state = { model, drawnBands: 0, drawnMarkers: 0 };
    for (const p of model.points) push(p);

    function push(p) {
      data[0].push(p.x);
      data[1].push(p.server);
      data[2].push(p.client);
      data[3].push(state.model.threshold);
    }

    function lastX() {
      return data[0].length > 0 ? data[0][data[0].length - 1] : 0;
    }

    function lastKnownX() {
      let x = lastX();
      for (const b of state.model.bands) x = Math.max(x, b.from, b.to === null ? 0 : b.to);
      for (const m of state.model.markers) x = Math.max(x, m.x);
      return x;
    }

    function drawBands(u) {
      const ctx = u.ctx;
      const { left, top, width, height } = u.bbox;
      let drawn = 0;
      ctx.save();
      for (const band of state.model.bands) {
        const to = band.to === null ? lastX() : band.to;
        const x0 = Math.max(left, u.valToPos(band.from, 'x', true));
        const x1 = Math.min(left + width, u.valToPos(to, 'x', true));
        if (!(x1 >= x0)) continue;
        ctx.fillStyle = COLORS.bands[band.band] || 'rgba(0,0,0,0.05)';
        // At least one pixel wide, so an instant step (the remediation) stays visible.
        ctx.fillRect(x0, top, Math.max(x1 - x0, window.devicePixelRatio || 1), height);
        drawn += 1;
      }
      ctx.restore();
      state.drawnBands = drawn;
    }

    function drawMarkers(u) {
      const ctx = u.ctx;
      const { left, top, width, height } = u.bbox;
      const ratio = window.devicePixelRatio || 1;
      const row = 15 * ratio;
      let drawn = 0;
      ctx.save();
      ctx.font = `${11 * ratio}px sans-serif`;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      state.model.markers.forEach((marker, i) => {
        const x = Math.round(u.valToPos(marker.x, 'x', true));
        if (x < left - 1 || x > left + width + 1) return;
        ctx.strokeStyle = COLORS.marker;
        ctx.lineWidth = ratio;
        ctx.setLineDash([4 * ratio, 3 * ratio]);
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, top + height);
        ctx.stroke();
        // One row per marker, so markers close in time do not overwrite each other's
        // labels; the label sits left of its line when the right edge is near.
        const text = marker.label;
        const textWidth = ctx.measureText(text).width;
        const y = top + row * (i + 0.7);
        const tx =
          x + 4 * ratio + textWidth > left + width ? x - 4 * ratio - textWidth : x + 4 * ratio;
        ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
        ctx.fillRect(tx - 2 * ratio, y - row / 2 + ratio, textWidth + 4 * ratio, row - 2 * ratio);
        ctx.fillStyle = COLORS.marker;
        ctx.fillText(text, tx, y);
        drawn += 1;
      });
      ctx.restore();
      state.drawnMarkers = drawn;
    }

    function expose(u) {
      container.dataset.points = String(data[0].length);
      container.dataset.threshold = String(state.model.threshold);
      container.dataset.drawnBands = String(state.drawnBands);
      container.dataset.drawnMarkers = String(state.drawnMarkers);
      container.dataset.series = JSON.stringify(u.series.slice(1).map((s) => s.label));
      container.dataset.drawn = 'true';
    }

    const plotEl = document.createElement('div');
    plotEl.className = 'chart-plot';
    const keyEl = document.createElement('ul');
    keyEl.className = 'chart-key';
    container.append(plotEl, keyEl);

    const width = () => Math.max(320, Math.floor(container.clientWidth || 900));
    const plot = new uPlot(
      {
        width: width(),
        height: HEIGHT,
        scales: {
          // From the drill's start to the last thing known: a point, a phase or a marker.
          x: { time: false, range: (_u, _min, max) => [0, Math.max(max || 0, lastKnownX(), 1)] },
          y: {
            range: (_u, _min, max) => [
              0,
              Math.max((max || 0) * 1.1, (state.model.threshold || 0) * 2, 1),
            ],
          },
        },
        series: [
          { label: 'time', value: (_u, v) => (v === null ? '–' : formatSeconds(v)) },
          {
            label: 'server-observed drop rate',
            stroke: COLORS.server,
            // Wide and solid under a dashed client line: both stay visible where they agree.
            width: 3,
            value: (_u, v) => (v === null || v === undefined ? '–' : `${v.toFixed(2)} %`),
          },
          {
            label: 'client-observed drop rate',
            stroke: COLORS.client,
            width: 2,
            dash: [7, 4],
            value: (_u, v) => (v === null || v === undefined ? '–' : `${v.toFixed(2)} %`),
          },
          {
            label: model.threshold === null ? 'threshold' : `threshold ${model.threshold} %`,
            stroke: COLORS.threshold,
            width: 1.5,
            dash: [2, 3],
            points: { show: false },
            value: () => (model.threshold === null ? 'not known yet' : `${model.threshold} %`),
          },
        ],
        axes: [
          {
            label: 'time since the drill started',
            // Whole seconds and round minutes: ticks that read well at any drill length.
            incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200],
            values: (_u, ticks) => ticks.map(formatSeconds),
          },
          { label: 'drop rate (%)', values: (_u, ticks) => ticks.map((t) => `${t} %`) },
        ],
        hooks: {
          drawClear: [drawBands],
          draw: [drawMarkers, expose],
        },
      },
      data,
      plotEl,
    );

    // Consecutive steps in the same phase (inject, expect) read as one shaded phase.
    function phases() {
      const merged = [];
      for (const band of state.model.bands) {
        const last = merged[merged.length - 1];
        if (last && last.band === band.band) {
          last.steps.push(band.step);
          last.to = band.to;
        } else merged.push({ band: band.band, steps: [band.step], from: band.from, to: band.to });
      }
      return merged;
    }

    function renderKey() {
      keyEl.textContent = '';
      for (const phase of phases()) {
        const li = document.createElement('li');
        li.dataset.band = phase.band;
        const swatch = document.createElement('span');
        swatch.className = 'swatch';
        swatch.style.background = COLORS.bands[phase.band] || '#eee';
        const to = phase.to === null ? 'now' : formatSeconds(phase.to);
        li.append(swatch, `${phase.band} ${formatSeconds(phase.from)} – ${to}`);
        keyEl.append(li);
      }
      for (const marker of state.model.markers) {
        const li = document.createElement('li');
        li.dataset.marker = marker.marker;
        li.className = 'marker';
        li.textContent = `┆ ${marker.label} at ${formatSeconds(marker.x)}`;
        keyEl.append(li);
      }
    }
    renderKey();

    if (typeof ResizeObserver === 'function') {
      let lastWidth = width();
      new ResizeObserver(() => {
        if (printing || width() === lastWidth) return;
        lastWidth = width();
        plot.setSize({ width: lastWidth, height: HEIGHT });
      }).observe(container);
    }
    // Canvas pixels do not reflow when printing; size the chart to the page instead.
    let printing = false;
    window.addEventListener('beforeprint', () => {
      printing = true;
      plot.setSize({ width: Math.min(PRINT_WIDTH, width()), height: HEIGHT });
    });
    window.addEventListener('afterprint', () => {
      printing = false;
      plot.setSize({ width: width(), height: HEIGHT });
    });

    return {
      addPoint(p) {
        push(p);
        plot.setData(data);
      },
      startBand(band) {
        state.model.bands.push(band);
        renderKey();
        plot.redraw(false);
      },
      endBand(step, to) {
        const band = state.model.bands.find((b) => b.step === step && b.to === null);
        if (band) band.to = to;
        renderKey();
        plot.redraw(false);
      },
      addMarker(marker) {
        if (state.model.markers.some((m) => m.marker === marker.marker)) return;
        state.model.markers.push(marker);
        renderKey();
        plot.redraw(false);
      },
    };
  }

  window.DrillChart = { create };
})();
