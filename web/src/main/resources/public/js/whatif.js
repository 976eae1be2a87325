/* What if: sliders on the knobs that move the binding wall; each move re-audits the design (advised or as given). */
(function () {
  'use strict';
  const R = (window.Ridgeline = window.Ridgeline || {});
  const el = R.el;

  /**
   * The knobs, by kind: the flip point's knob name (when it has one), the label, how to read the current value
   * from the scenario document and the bill, and how to write a new value into the document.
   */
  const KNOBS = {
    inference: [
      { knob: 'batch', label: 'Batch per replica', unit: 'sequences', int: true,
        read: (doc, est) => est.batch, write: (doc, v) => set(doc, 'design.batch', v), max: (cur, est) => Math.max(2 * est.max_batch, 4 * cur) },
      { knob: 'context_tokens', label: 'Context at decode (prompt + output)', unit: 'tokens', int: true,
        read: (doc) => num(get(doc, 'workload.prompt_tokens')) + num(get(doc, 'workload.output_tokens')),
        write: (doc, v) => set(doc, 'workload.output_tokens', Math.max(1, v - num(get(doc, 'workload.prompt_tokens')))),
        min: (cur, est, doc) => num(get(doc, 'workload.prompt_tokens')) + 1,
        when: (doc) => num(get(doc, 'workload.prompt_tokens')) > 0 && num(get(doc, 'workload.output_tokens')) > 0 },
      { knob: 'prompt_tokens', label: 'Prompt tokens', unit: 'tokens', int: true,
        read: (doc) => num(get(doc, 'workload.prompt_tokens')), write: (doc, v) => set(doc, 'workload.prompt_tokens', v),
        when: (doc) => num(get(doc, 'workload.prompt_tokens')) > 0 },
      { knob: 'requests_per_s', label: 'Requests/s (mean)', unit: 'requests/s', int: false,
        read: (doc) => num(get(doc, 'workload.requests_per_s')), write: (doc, v) => set(doc, 'workload.requests_per_s', v),
        when: (doc) => num(get(doc, 'workload.requests_per_s')) > 0 },
      { knob: 'concurrency', label: 'Clients (closed loop)', unit: 'clients', int: true,
        read: (doc) => num(get(doc, 'workload.concurrency')), write: (doc, v) => set(doc, 'workload.concurrency', v),
        when: (doc) => num(get(doc, 'workload.concurrency')) > 0 },
    ],
    training: [
      { knob: 'seq_len', label: 'Sequence length', unit: 'tokens', int: true,
        read: (doc) => num(get(doc, 'workload.seq_len')), write: (doc, v) => set(doc, 'workload.seq_len', v),
        when: (doc) => num(get(doc, 'workload.seq_len')) > 0 },
      { knob: 'global_batch_tokens', label: 'Global batch, tokens', unit: 'tokens', int: true,
        read: (doc) => num(get(doc, 'workload.global_batch_tokens')),
        write: (doc, v) => set(doc, 'workload.global_batch_tokens', v),
        when: (doc) => num(get(doc, 'workload.global_batch_tokens')) > 0 },
    ],
    rl: [
      { knob: 'prompts_per_step', label: 'Prompts per step', unit: 'prompts', int: true,
        read: (doc) => num(get(doc, 'workload.prompts_per_step')), write: (doc, v) => set(doc, 'workload.prompts_per_step', v),
        when: (doc) => num(get(doc, 'workload.prompts_per_step')) > 0 },
      { knob: 'max_generation_tokens', label: 'Max generation tokens', unit: 'tokens', int: true,
        read: (doc) => num(get(doc, 'workload.max_generation_tokens')),
        write: (doc, v) => set(doc, 'workload.max_generation_tokens', v),
        when: (doc) => num(get(doc, 'workload.max_generation_tokens')) > 0 },
    ],
  };

  /** The figures a move is shown by, each beside the value it had in the result. */
  const SHOWN = {
    inference: ['ttft_ms', 'tpot_ms', 'tokens_per_s', 'total_gpus', 'cost_per_hour_usd', 'memory_bytes_per_gpu'],
    training: ['step_time_s', 'mfu', 'training_days', 'cost_usd', 'memory_bytes_per_gpu'],
    rl: ['step_time_s', 'rollout_time_s', 'learner_time_s', 'training_days', 'cost_usd'],
  };

  function num(v) {
    return typeof v === 'number' && Number.isFinite(v) ? v : 0;
  }

  const get = R.getPath;
  const set = R.setPath;

  /** The scenario of the design the result shows: for advice, the start scenario with the final design put in. */
  function baseDocument(action, data, doc) {
    const d = JSON.parse(JSON.stringify(doc));
    if (action === 'advise' && data.final_design_document) {
      d.design = JSON.parse(JSON.stringify(data.final_design_document));
      const model = d.model && typeof d.model === 'object' ? d.model.id : d.model;
      if (data.final_model && model !== data.final_model) d.model = data.final_model;
      if (data.final_gpu) set(d, 'hardware.gpu', data.final_gpu);
    }
    return d;
  }

  /** A slider over a factor of 1/8 to 8 of the current value, on a log scale (its position 0..1000). */
  function scale(cur, lo, hi) {
    const a = Math.log(lo);
    const b = Math.log(hi);
    return {
      toValue: (p) => Math.exp(a + (b - a) * p / 1000),
      toPos: (v) => Math.round(1000 * (Math.log(Math.min(hi, Math.max(lo, v))) - a) / (b - a)),
    };
  }

  /** The What-if card, or null when none of the knobs applies to the result. */
  R.whatIfSection = function (action, data, ctx) {
    const kind = data.kind || 'inference';
    const est = R.estimateOf(action, data);
    if (!est) return null;
    const base = baseDocument(action, data, ctx.doc);
    const knobs = (KNOBS[kind] || []).filter((k) => !k.when || k.when(base));
    const controls = [];
    const values = {};
    const grid = el('div', { class: 'whatif-controls' });
    const out = el('div', { class: 'whatif-result', id: 'whatif-result', 'aria-live': 'polite' },
      el('p', { class: 'muted', text: 'Move a knob: the ' + (action === 'advise' ? 'advised' : 'given')
        + ' design is audited again with that one change, and the figures below show the difference.' }));
    for (const k of knobs) {
      const cur = k.read(base, est);
      if (!(cur > 0)) continue;
      const lo = Math.max(k.int ? 1 : 1e-3, k.min ? k.min(cur, est, base) : cur / 8);
      const hi = Math.max(lo * 2, k.max ? k.max(cur, est, base) : cur * 8);
      const sc = scale(cur, lo, hi);
      values[k.knob] = cur;
      const id = 'whatif-' + k.knob.replace(/_/g, '-');
      const input = el('input', { type: 'range', id, min: 0, max: 1000, step: 1, value: sc.toPos(cur),
        'data-knob': k.knob, list: id + '-flips' });
      const shown = el('output', { for: id, class: 'num', text: R.num(cur) + ' ' + k.unit });
      const flips = (data.flip_points || []).filter((f) => f.knob === k.knob && f.flips_at >= lo && f.flips_at <= hi);
      const ticks = el('datalist', { id: id + '-flips' }, flips.map((f) => el('option', { value: sc.toPos(f.flips_at) })));
      const flipText = flips.length ? el('p', { class: 'hint flip', text: flips.map((f) => 'flips at ' + R.num(f.flips_at)
        + ' ' + f.unit + ': ' + R.wallNamed(f.from, f.from_regime) + ' → ' + R.wallNamed(f.to, f.to_regime)).join('; ') }) : null;
      input.addEventListener('input', () => {
        let v = sc.toValue(Number(input.value));
        v = k.int ? Math.max(1, Math.round(v)) : Number(v.toPrecision(3));
        values[k.knob] = v;
        shown.textContent = R.num(v) + ' ' + k.unit;
        schedule();
      });
      controls.push({ k, input, cur, sc, shown });
      grid.appendChild(el('div', { class: 'field whatif-knob' },
        el('label', { for: id, text: k.label }), el('div', { class: 'range-row' }, input, shown), ticks, flipText));
    }
    if (!controls.length) return null;
    const reset = el('button', { type: 'button', class: 'small', id: 'whatif-reset', text: 'Reset' });
    reset.addEventListener('click', () => {
      for (const c of controls) {
        c.input.value = c.sc.toPos(c.cur);
        values[c.k.knob] = c.cur;
        c.shown.textContent = R.num(c.cur) + ' ' + c.k.unit;
      }
      R.clear(out).appendChild(el('p', { class: 'muted', text: 'Back at the result\'s own values.' }));
    });

    let timer = null;
    let seq = 0;
    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(reestimate, 250);
    }

    async function reestimate() {
      const mine = ++seq;
      const doc = JSON.parse(JSON.stringify(base));
      const moved = [];
      for (const c of controls) {
        if (values[c.k.knob] !== c.cur) {
          c.k.write(doc, values[c.k.knob]);
          moved.push(c.k.label.toLowerCase() + ' ' + R.num(c.cur) + ' → ' + R.num(values[c.k.knob]));
        }
      }
      out.classList.add('stale');
      let res;
      try {
        res = await ctx.post('/api/audit', JSON.stringify(doc));
      } catch (e) {
        res = { ok: false, data: { error: 'the request failed: ' + e.message } };
      }
      if (mine !== seq) return; // a later move is on its way
      out.classList.remove('stale');
      R.clear(out);
      if (!res.ok) {
        out.appendChild(el('p', { class: 'error-box', text: 'Not estimated: ' + ((res.data && res.data.error) || res.status) }));
        return;
      }
      out.appendChild(R.fitTables(renderMove(kind, est, res.data, moved)));
    }

    return el('section', { class: 'card', id: 'whatif' },
      el('h2', null, 'What if ', reset),
      el('p', { class: 'hint', text: 'The knobs the lessons turn, around the ' + (action === 'advise' ? 'advised' : 'given')
        + ' design (the design is kept; the loop is not run again). Marks on a slider are its flip points.' }),
      grid, out);
  };

  function renderMove(kind, before, audit, moved) {
    const after = audit.estimate;
    const rows = SHOWN[kind].filter((key) => key in after).map((key) => {
      const a = before[key];
      const b = after[key];
      const change = typeof a === 'number' && typeof b === 'number' && a !== 0 ? (b / a - 1) * 100 : null;
      return el('tr', { 'data-key': key },
        el('td', { text: key }),
        el('td', { class: 'num', text: R.keyValue(key, a) }),
        el('td', { class: 'num', text: R.keyValue(key, b) }),
        el('td', { class: 'num', text: change === null ? '' : (change >= 0 ? '+' : '') + R.num(change) + '%' }));
    });
    const ok = audit.verdict === 'meets_requirements';
    return el('div', null,
      el('p', null, el('span', { class: 'badge ' + (ok ? 'ok' : 'bad'), id: 'whatif-verdict',
        text: audit.verdict.replace(/_/g, ' ') }), ' ',
        audit.binding ? ['binding wall: ', el('strong', { id: 'whatif-binding', text: audit.binding })]
          : el('span', { id: 'whatif-binding', text: 'no requirement wall binds' }),
        el('span', { class: 'muted', text: ' — ' + (moved.length ? moved.join(', ') : 'no change') })),
      el('div', { class: 'table-wrap' }, el('table', { class: 'data' },
        el('thead', null, el('tr', null, ['figure', 'in the result', 'what if', 'change'].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', null, rows))),
      after.over_limits && after.over_limits.length ? el('div', { class: 'notice bad' }, el('strong', { text: 'Over the limits: ' }),
        el('ul', null, after.over_limits.map((t) => el('li', { text: t })))) : null);
  }
})();
