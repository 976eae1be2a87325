/* The result page's charts (Chart.js from the webjar): frontier, memory, roofline, communication. */
(function () {
  'use strict';
  const R = (window.Ridgeline = window.Ridgeline || {});
  const el = R.el;

  const COLORS = {
    blue: '#2563eb', teal: '#0d9488', amber: '#d97706', violet: '#7c3aed', rose: '#e11d48', slate: '#64748b',
    grey: '#cbd5e1', green: '#16a34a', red: '#dc2626',
  };
  const PART_COLORS = [COLORS.blue, COLORS.teal, COLORS.amber, COLORS.violet, COLORS.rose, COLORS.slate];

  const live = [];

  /** Destroys the charts of the previous result. */
  R.destroyCharts = function () {
    while (live.length) live.pop().destroy();
  };

  function figure(grid, id, title, caption) {
    const canvas = el('canvas', { id: id, role: 'img', 'aria-label': title });
    const fig = el('figure', { class: 'chart' },
      el('h3', { text: title }),
      el('div', { class: 'chart-box' }, canvas),
      caption ? el('figcaption', { text: caption }) : null);
    grid.appendChild(fig);
    return { fig, canvas };
  }

  function make(canvas, config) {
    if (typeof window.Chart !== 'function') {
      canvas.replaceWith(el('p', { class: 'muted', text: 'Charts are unavailable: Chart.js did not load.' }));
      return;
    }
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options);
    live.push(new window.Chart(canvas.getContext('2d'), config));
  }

  function axis(title, extra) {
    return Object.assign({ title: { display: true, text: title } }, extra || {});
  }

  /** A vertical line across the chart at x = value on the x scale, labelled (a plugin of this chart only). */
  function markerLine(value, label, color) {
    return {
      id: 'marker-' + label.replace(/\W+/g, '-'),
      afterDatasetsDraw(chart) {
        const x = chart.scales.x.getPixelForValue(value);
        const { top, bottom } = chart.chartArea;
        const ctx = chart.ctx;
        ctx.save();
        ctx.strokeStyle = color;
        ctx.lineWidth = 2;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = color;
        ctx.font = '12px system-ui, sans-serif';
        ctx.textAlign = x > (chart.chartArea.left + chart.chartArea.right) / 2 ? 'right' : 'left';
        ctx.fillText(label, x + (ctx.textAlign === 'right' ? -4 : 4), top + 12);
        ctx.restore();
      },
    };
  }

  /** Log-axis ticks at powers of ten only (1, 10, 100, ...; 0.1, 0.01 below one), written plainly. */
  function decadeTicks() {
    return {
      autoSkip: false,
      callback: (v) => {
        const e = Math.log10(v);
        if (Math.abs(e - Math.round(e)) > 1e-9) return '';
        return v >= 1 ? R.num(v) : String(+v.toPrecision(1));
      },
    };
  }

  /** Throughput-latency frontier over the batch, with the TPOT objective and the chosen point. */
  function frontier(grid, f) {
    const pts = f.points.map((p) => ({ x: p.tokens_per_s, y: p.tpot_ms, batch: p.batch }));
    const xs = pts.map((p) => p.x).concat([f.chosen.tokens_per_s]);
    const pct = 'p' + +(f.percentile * 100).toFixed(2);
    const { fig, canvas } = figure(grid, 'chart-frontier', 'Throughput–latency frontier (one replica)',
      'Output tokens/s against ' + pct + ' time per output token, batch 1 to ' + f.points[f.points.length - 1].batch +
      '. Chosen: batch ' + f.chosen.batch + ', ' + R.num(f.chosen.tpot_ms) + ' ms, ' + R.num(f.chosen.tokens_per_s) +
      ' tokens/s' + (f.slo_tpot_ms > 0 ? '; objective ' + R.num(f.slo_tpot_ms) + ' ms.' : '; no TPOT objective.'));
    const datasets = [
      { label: 'frontier', data: pts, showLine: true, borderColor: COLORS.blue, backgroundColor: COLORS.blue,
        pointRadius: 3 },
      { label: 'chosen (batch ' + f.chosen.batch + ')', data: [{ x: f.chosen.tokens_per_s, y: f.chosen.tpot_ms,
        batch: f.chosen.batch }], borderColor: COLORS.rose, backgroundColor: COLORS.rose, pointRadius: 7,
        pointStyle: 'rectRot' },
    ];
    if (f.slo_tpot_ms > 0) {
      datasets.push({ label: pct + ' TPOT objective', data: [{ x: 0, y: f.slo_tpot_ms },
        { x: Math.max(...xs) * 1.05, y: f.slo_tpot_ms }], showLine: true, borderColor: COLORS.red, borderDash: [6, 4],
        pointRadius: 0, borderWidth: 1.5 });
    }
    make(canvas, {
      type: 'scatter',
      data: { datasets },
      options: {
        scales: { x: axis('output tokens/s per replica', { beginAtZero: true }), y: axis('TPOT, ms', { beginAtZero: true }) },
        plugins: { tooltip: { callbacks: { label: (c) => (c.raw.batch ? 'batch ' + c.raw.batch + ': ' : '') +
          R.num(c.raw.x) + ' tokens/s, ' + R.num(c.raw.y) + ' ms' } } },
      },
    });
    return fig;
  }

  /** Memory per GPU, stacked by part, against usable HBM. */
  function memory(grid, m) {
    const names = [];
    for (const b of m.bars) for (const p of b.parts) if (!names.includes(p.name)) names.push(p.name);
    const gb = (v) => v / 1e9;
    const datasets = names.map((n, i) => ({
      label: n, backgroundColor: PART_COLORS[i % PART_COLORS.length],
      data: m.bars.map((b) => { const p = b.parts.find((q) => q.name === n); return p ? gb(p.bytes) : 0; }),
    }));
    datasets.push({ label: 'free (usable)', backgroundColor: COLORS.grey, data: m.bars.map((b) => gb(b.free_bytes)) });
    const over = m.bars.filter((b) => b.over_bytes > 0);
    const caption = m.bars.map((b) => b.label + ': ' + R.si(b.total_bytes, 'B') + ' of ' + R.si(m.usable_bytes, 'B') +
      ' usable' + (b.over_bytes > 0 ? ', over by ' + R.si(b.over_bytes, 'B') : ', ' + R.si(b.free_bytes, 'B') + ' free'))
      .join('; ') + ' (HBM ' + R.si(m.hbm_bytes, 'B') + '; GB = 1e9 B).';
    const { fig, canvas } = figure(grid, 'chart-memory', 'Memory per GPU', caption);
    if (over.length) fig.classList.add('warn');
    make(canvas, {
      type: 'bar',
      data: { labels: m.bars.map((b) => b.label), datasets },
      plugins: [markerLine(gb(m.usable_bytes), 'usable ' + R.si(m.usable_bytes, 'B'), COLORS.red)],
      options: {
        indexAxis: 'y',
        scales: { x: axis('GB (1e9 B)', { stacked: true, beginAtZero: true,
          suggestedMax: Math.max(gb(m.hbm_bytes), ...m.bars.map((b) => gb(b.total_bytes))) }),
          y: { stacked: true } },
        plugins: { tooltip: { callbacks: { label: (c) => c.dataset.label + ': ' + R.num(c.raw) + ' GB' } } },
      },
    });
    fig.dataset.usableGb = String(gb(m.usable_bytes));
    return fig;
  }

  /** Roofline (log-log) with the decode and prefill operating points. */
  function roofline(grid, r) {
    const peakT = r.peak_flops_per_s / 1e12;
    const bwT = r.hbm_bytes_per_s / 1e12;
    const intensities = r.points.map((p) => p.intensity_flop_per_byte).concat([r.ridge_flop_per_byte]);
    const lo = Math.max(1e-2, Math.min(...intensities) / 4);
    const hi = Math.max(...intensities) * 4;
    const roof = [lo, r.ridge_flop_per_byte, hi].map((i) => ({ x: i, y: Math.min(peakT, i * bwT) }));
    const colors = [COLORS.rose, COLORS.violet, COLORS.amber];
    const datasets = [{ label: 'roofline (' + r.compute_format + ')', data: roof, showLine: true, borderColor: COLORS.slate,
      backgroundColor: COLORS.slate, pointRadius: 0, borderWidth: 2 }];
    r.points.forEach((p, i) => datasets.push({ label: p.name, data: [{ x: p.intensity_flop_per_byte,
      y: p.attainable_flops_per_s / 1e12, formula: p.formula }], backgroundColor: colors[i % colors.length],
      borderColor: colors[i % colors.length], pointRadius: 7 }));
    const caption = r.gpu + ' in ' + r.compute_format + ': peak ' + R.si(r.peak_flops_per_s, 'FLOP/s') + ', HBM ' +
      R.si(r.hbm_bytes_per_s, 'B/s') + ', ridge ' + R.num(r.ridge_flop_per_byte) + ' FLOP/B. ' +
      r.points.map((p) => p.name + ': ' + R.num(p.intensity_flop_per_byte) + ' FLOP/B, ' +
        (p.intensity_flop_per_byte < r.ridge_flop_per_byte ? 'memory-bound' : 'compute-bound')).join('; ') + '.';
    const { fig, canvas } = figure(grid, 'chart-roofline', 'Roofline', caption);
    make(canvas, {
      type: 'scatter',
      data: { datasets },
      options: {
        scales: { x: axis('arithmetic intensity, FLOP/B', { type: 'logarithmic', ticks: decadeTicks() }),
          y: axis('attainable TFLOP/s', { type: 'logarithmic', ticks: decadeTicks() }) },
        plugins: { tooltip: { callbacks: { label: (c) => c.dataset.label + ': ' + R.num(c.raw.x) + ' FLOP/B, ' +
          R.num(c.raw.y) + ' TFLOP/s' } } },
      },
    });
    return fig;
  }

  /** Training: seconds per step of compute and of each communication axis. */
  function communication(grid, c) {
    const parts = c.parts;
    const { fig, canvas } = figure(grid, 'chart-communication', 'Time per step: compute and communication by axis',
      'Before overlap. Exposed communication ' + R.num(c.exposed_comm_time_s) + ' s; step ' + R.num(c.step_time_s) +
      ' s; pipeline bubble ' + R.num(c.bubble_fraction * 100) + '%.');
    make(canvas, {
      type: 'bar',
      data: { labels: parts.map((p) => p.name), datasets: [{ label: 'seconds per step', data: parts.map((p) => p.seconds),
        backgroundColor: parts.map((p, i) => (i === 0 ? COLORS.blue : COLORS.amber)) }] },
      options: {
        indexAxis: 'y',
        scales: { x: axis('s per step', { beginAtZero: true }) },
        plugins: { legend: { display: false } },
      },
    });
    return fig;
  }

  /** RL: seconds of each stage of a step against the step time. */
  function stages(grid, c) {
    const parts = c.stages;
    const caption = 'Step ' + R.num(c.step_time_s) + ' s, set by the ' + c.binding + ' stage; ' + (c.overlapped
      ? 'asynchronous: the actors (' + c.actor_gpus + ' GPUs) generate while the learner (' + c.learner_gpus
        + ' GPUs) trains, so the step is about the slowest stage, not the sum.'
      : 'synchronous: the stages run one after another' + (c.actor_gpus === c.learner_gpus ? ' on the same GPUs.' : '.'));
    const { fig, canvas } = figure(grid, 'chart-stages', 'Time per RL step, by stage', caption);
    make(canvas, {
      type: 'bar',
      data: { labels: parts.map((p) => p.name), datasets: [{ label: 'seconds per step', data: parts.map((p) => p.seconds),
        backgroundColor: parts.map((p) => (p.name === c.binding ? COLORS.rose : COLORS.blue)) }] },
      plugins: [markerLine(c.step_time_s, 'step ' + R.num(c.step_time_s) + ' s', COLORS.slate)],
      options: {
        indexAxis: 'y',
        scales: { x: axis('s per step', { beginAtZero: true, suggestedMax: c.step_time_s * 1.1 }) },
        plugins: { legend: { display: false } },
      },
    });
    return fig;
  }

  /** Axis titles and units for the figures the search's front is drawn on. */
  const PARETO_AXES = {
    cost_per_hour_usd: ['cost, USD per hour', (v) => '$' + R.num(v) + '/h'],
    cost_usd: ['cost of the run, USD', (v) => '$' + R.num(v)],
    e2e_ms: ['end-to-end latency at the percentile, ms', (v) => R.num(v) + ' ms'],
    training_days: ['training days', (v) => R.num(v) + ' days'],
  };

  /** The figure a Pareto axis plots, from a bill (final_estimate or best_estimate) as from a front entry's figures. */
  function paretoValue(figures, key) {
    const v = figures ? figures[key] : null;
    return typeof v === 'number' && isFinite(v) ? v : null;
  }

  /**
   * The search's Pareto front (search.pareto: no other design both cheaper and faster) drawn on its axes
   * (search.pareto_axes: cost against end-to-end latency for serving, the run's cost against its days for
   * pretraining), with the advised design and the search's best marked. Null when the front is empty.
   */
  R.paretoChart = function (grid, search, advice) {
    const axes = search.pareto_axes;
    if (!axes || !PARETO_AXES[axes.x] || !PARETO_AXES[axes.y]) return null;
    const [xTitle, xText] = PARETO_AXES[axes.x];
    const [yTitle, yText] = PARETO_AXES[axes.y];
    const point = (figures, label) => {
      const x = paretoValue(figures, axes.x);
      const y = paretoValue(figures, axes.y);
      return x === null || y === null ? null : { x, y, label };
    };
    const front = (search.pareto || []).map((p) => {
      const q = point(p.figures, p.model + ' on ' + p.gpu + ': ' + p.design_text);
      if (q) q.meets = p.meets_requirements;
      return q;
    }).filter((p) => p);
    if (!front.length) return null;
    const advised = point(advice.final_estimate, 'advised');
    const best = point(search.best_estimate, 'search\'s best');
    const caption = front.length + ' designs on the search\'s Pareto front (none both cheaper and faster), grey where '
      + 'a requirement breaks'
      + (advised ? '; advised: ' + xText(advised.x) + ', ' + yText(advised.y) : '; the advised design has no finite latency')
      + (best ? '; search\'s best: ' + xText(best.x) + ', ' + yText(best.y) : '') + '.';
    const { fig, canvas } = figure(grid, 'chart-pareto', 'Cost against latency: the search\'s Pareto front', caption);
    const datasets = [{ label: 'Pareto front', data: front, showLine: true, borderColor: COLORS.blue,
      backgroundColor: front.map((p) => (p.meets ? COLORS.blue : COLORS.grey)), pointRadius: 4 }];
    if (best) datasets.push({ label: 'search\'s best', data: [best], borderColor: COLORS.green,
      backgroundColor: COLORS.green, pointRadius: 9, pointStyle: 'triangle' });
    if (advised) datasets.push({ label: 'advised', data: [advised], borderColor: COLORS.rose,
      backgroundColor: COLORS.rose, pointRadius: 7, pointStyle: 'rectRot' });
    make(canvas, {
      type: 'scatter',
      data: { datasets },
      options: {
        scales: { x: axis(xTitle), y: axis(yTitle) },
        plugins: { tooltip: { callbacks: { label: (c) => c.raw.label + ': ' + xText(c.raw.x) + ', '
          + yText(c.raw.y) } } },
      },
    });
    return fig;
  };

  /** The charts section for a result's chart data; null when there is none. */
  R.chartsSection = function (charts) {
    if (!charts) return null;
    const grid = el('div', { class: 'chart-grid' });
    const section = el('section', { class: 'card', id: 'charts' }, el('h2', { text: 'Charts' }), grid);
    // the figures must be in the document before Chart.js measures them: build after insertion
    section.build = function () {
      if (charts.frontier) frontier(grid, charts.frontier);
      if (charts.memory) memory(grid, charts.memory);
      if (charts.roofline) roofline(grid, charts.roofline);
      if (charts.communication) communication(grid, charts.communication);
      if (charts.stages) stages(grid, charts.stages);
    };
    return section;
  };
})();
