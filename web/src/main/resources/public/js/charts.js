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
      options: {
        indexAxis: 'y',
        scales: { x: axis('GB (1e9 B)', { stacked: true, beginAtZero: true, suggestedMax: gb(m.hbm_bytes) }),
          y: { stacked: true } },
        plugins: { tooltip: { callbacks: { label: (c) => c.dataset.label + ': ' + R.num(c.raw) + ' GB' } } },
      },
    });
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
        scales: { x: axis('arithmetic intensity, FLOP/B', { type: 'logarithmic' }),
          y: axis('attainable TFLOP/s', { type: 'logarithmic' }) },
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

  /** The charts section for a result's chart data; null when there is none. */
  R.chartsSection = function (charts) {
    if (!charts) return null;
    const grid = el('div', { class: 'chart-grid' });
    const section = el('section', { class: 'card', id: 'charts' }, el('h2', { text: 'Charts' }), grid);
    // the figures must be in the document before Chart.js measures them: build after insertion
    section.build = function () {
      R.destroyCharts();
      if (charts.frontier) frontier(grid, charts.frontier);
      if (charts.memory) memory(grid, charts.memory);
      if (charts.roofline) roofline(grid, charts.roofline);
      if (charts.communication) communication(grid, charts.communication);
    };
    return section;
  };
})();
