/* Renders advice, audits and bills as DOM (text nodes only). */
(function () {
  'use strict';
  const R = (window.Ridgeline = window.Ridgeline || {});
  const el = R.el;

  const KEY_FIGURES = {
    inference: [
      ['ttft_ms', 'TTFT'], ['tpot_ms', 'TPOT'], ['e2e_ms', 'End to end'], ['tokens_per_s', 'Fleet output tokens/s'],
      ['batch', 'Batch per replica'], ['total_gpus', 'GPUs'], ['replicas', 'Replicas'],
      ['memory_bytes_per_gpu', 'Memory per GPU'], ['cost_per_hour_usd', 'Cost per hour'],
      ['cost_per_million_tokens_usd', 'Cost per million tokens'],
    ],
    training: [
      ['step_time_s', 'Step time'], ['mfu', 'MFU'], ['training_days', 'Training days'], ['cost_usd', 'Cost'],
      ['total_gpus', 'GPUs'], ['memory_bytes_per_gpu', 'Memory per GPU'], ['exposed_comm_time_s', 'Exposed comm'],
      ['bubble_fraction', 'Pipeline bubble'],
    ],
    rl: [
      ['step_time_s', 'Step time'], ['binding_stage', 'Binding stage'], ['rollout_time_s', 'Rollout'],
      ['learner_time_s', 'Learner'], ['weight_sync_time_s', 'Weight sync'], ['training_days', 'Training days'],
      ['cost_usd', 'Cost'], ['total_gpus', 'GPUs'],
    ],
  };

  function keyValue(key, v) {
    if (key === 'mfu' || key === 'bubble_fraction') return R.num(v * 100) + '%';
    if (key === 'cost_per_hour_usd' || key === 'cost_per_million_tokens_usd' || key === 'cost_usd') return '$' + R.num(v);
    return R.value(v, R.unitOfKey(key));
  }

  /** Tiles of the main figures of a bill. */
  function keyFigures(kind, est, slo) {
    const grid = el('dl', { class: 'tiles' });
    for (const [key, label] of KEY_FIGURES[kind] || []) {
      if (!(key in est)) continue;
      let v = keyValue(key, est[key]);
      if (key === 'memory_bytes_per_gpu' && est.usable_hbm_bytes_per_gpu) {
        v += ' of ' + R.si(est.usable_hbm_bytes_per_gpu, 'B');
      }
      grid.appendChild(el('div', { class: 'tile', 'data-key': key }, el('dt', { text: label }), el('dd', { text: v })));
    }
    if ('fits' in est) {
      grid.appendChild(el('div', { class: 'tile ' + (est.fits ? 'ok' : 'bad'), 'data-key': 'fits' },
        el('dt', { text: 'Fits in memory' }), el('dd', { text: est.fits ? 'yes' : 'no' })));
    }
    return grid;
  }

  const BAND_LABELS = { ttft_ms: 'TTFT', tpot_ms: 'TPOT', tokens_per_s: 'tokens/s' };

  /** "Validation error: TTFT ±29% (dense models on any GPU, 25 rows) · ..." under the tiles, or null. */
  function validationBands(bands) {
    if (!bands) return null;
    const parts = Object.keys(BAND_LABELS).filter((k) => bands[k]).map((k) => BAND_LABELS[k] + ' \u00b1'
      + Math.round(bands[k].median_abs_error * 100) + '% (' + bands[k].regime + ', ' + bands[k].rows + ' rows)');
    if (!parts.length) return null;
    return el('p', { class: 'muted validation-bands', id: 'validation-bands',
      text: 'Validation error (median of published runs, docs/validation.md): ' + parts.join(' \u00b7 ') });
  }

  /** "tp 2, pp 1, ..., weights fp8, KV bf16, batch max" for a design and a kind. */
  R.designText = function (d, kind) {
    const parts = ['tp ' + d.tp, 'pp ' + d.pp];
    if (kind !== 'inference' && d.virtual_stages > 1) parts.push('virtual stages ' + d.virtual_stages);
    if (kind !== 'inference' && d.pipeline_schedule && d.pipeline_schedule !== '1f1b') parts.push(d.pipeline_schedule);
    if (kind !== 'inference') parts.push('dp ' + d.dp);
    parts.push('ep ' + d.ep, 'cp ' + d.cp);
    if (kind === 'inference') parts.push('replicas ' + d.replicas);
    if (kind !== 'inference') parts.push('ZeRO ' + d.zero_stage, 'micro-batch ' + d.micro_batch);
    parts.push('weights ' + d.weights, 'activations ' + d.activations);
    if (kind === 'inference') parts.push('KV ' + d.kv_cache, 'batch ' + (d.batch > 0 ? d.batch : 'max'));
    if (d.recompute) parts.push('recompute');
    else if (d.selective_recompute) parts.push('selective recompute');
    if (d.features && d.features.length) parts.push('features: ' + d.features.join(', '));
    return parts.join(', ');
  };

  function overLimits(list) {
    if (!list || !list.length) return null;
    return el('div', { class: 'notice bad' }, el('strong', { text: 'Over the limits: ' }),
      el('ul', null, list.map((t) => el('li', { text: t }))));
  }

  /** The full figure table: key, value, formula, with the numbers. */
  function figuresTable(figures) {
    const body = el('tbody', null, figures.map((f) => el('tr', null,
      el('td', null, el('code', { text: f.key })), el('td', { class: 'num', text: R.value(f.value, f.unit) }),
      el('td', { text: f.formula || '' }), el('td', { class: 'subst', text: f.substituted || '' }))));
    return el('details', { class: 'card figures', id: 'figures' },
      el('summary', null, el('h2', { class: 'inline', text: 'All figures (' + figures.length + ')' })),
      el('table', { class: 'data' }, el('thead', null, el('tr', null,
        el('th', { scope: 'col', text: 'figure' }), el('th', { scope: 'col', text: 'value' }),
        el('th', { scope: 'col', text: 'formula' }), el('th', { scope: 'col', text: 'with the numbers' }))), body));
  }

  function bottlenecks(list, binding) {
    if (!list.length) return el('p', { class: 'muted', text: 'No wall found.' });
    return el('table', { class: 'data walls' },
      el('thead', null, el('tr', null, ['wall', 'kind', 'value', 'limit', 'rule', 'explanation']
        .map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', null, list.map((b) => el('tr', { class: b.name === binding ? 'binding' : null },
        el('td', null, el('strong', { text: b.name }), b.name === binding ? el('span', { class: 'badge bad', text: 'binding' }) : null),
        el('td', { text: b.kind }),
        el('td', { class: 'num', text: R.value(b.value, b.unit) }),
        el('td', { class: 'num', text: R.value(b.limit, b.unit) }),
        el('td', null, el('code', { text: b.rule_id })),
        el('td', { text: b.explanation })))));
  }

  function applied(a) {
    const unit = R.unitOfKey(a.figure);
    return el('div', { class: 'applied' },
      el('h4', null, 'Remedy: ', el('span', { class: 'mechanism', text: a.mechanism })),
      el('p', { class: 'rule-line' }, 'Rule ', el('code', { class: 'rule-id', text: a.rule_id }), ' ',
        el('span', { class: 'rule-name', text: a.rule_name }), ' · lesson ', el('span', { class: 'lesson', text: a.lesson })),
      el('p', { class: 'explanation', text: a.explanation }),
      el('p', { class: 'change' }, el('strong', { text: 'Change: ' }), a.change),
      el('p', { class: 'before-after' }, el('code', { text: a.figure }), ': ',
        el('span', { class: 'before', text: R.value(a.before, unit) }), ' → ',
        el('span', { class: 'after', text: R.value(a.after, unit) })));
  }

  function iteration(it, kind) {
    const art = el('article', { class: 'iteration', id: 'iteration-' + it.index },
      el('h3', null, 'Iteration ' + it.index + ' — ',
        it.binding ? el('span', null, 'binding wall: ', el('strong', { class: 'binding-name', text: it.binding }))
          : el('span', { class: 'ok-text', text: 'no requirement wall binds' })),
      el('p', { class: 'muted', text: it.model + ' on ' + it.gpu + '; ' + R.designText(it.design, kind) }),
      bottlenecks(it.bottlenecks, it.binding));
    if (it.applied) art.appendChild(applied(it.applied));
    if (it.also_recommended && it.also_recommended.length) {
      art.appendChild(el('details', { class: 'also' },
        el('summary', { text: 'Also recommended, not chosen (' + it.also_recommended.length + ')' }),
        el('ul', null, it.also_recommended.map((c) => el('li', null, el('strong', { text: c.mechanism }), ' ',
          el('code', { text: c.rule_id }), ' (preference ' + c.preference + '): ', c.explanation)))));
    }
    if (it.vetoed && it.vetoed.length) {
      art.appendChild(el('details', { class: 'vetoed', open: true },
        el('summary', { text: 'Vetoed alternatives (' + it.vetoed.length + ')' }),
        el('ul', null, it.vetoed.map((v) => el('li', null, el('strong', { text: v.mechanism }), ' — ',
          el('code', { text: v.rule_id }), ' ', el('em', { text: v.rule_name }), ': ', v.reason)))));
    }
    return art;
  }

  function flipPoints(list) {
    const section = el('section', { class: 'card', id: 'flip-points' }, el('h2', { text: 'Flip points' }));
    if (!list || !list.length) {
      section.appendChild(el('p', { class: 'muted', text: 'No knob moves the binding wall within its range.' }));
      return section;
    }
    section.appendChild(el('p', { class: 'hint', text: 'Where the final design\'s binding wall would change if one knob moved.' }));
    section.appendChild(el('table', { class: 'data' },
      el('thead', null, el('tr', null, ['knob', 'now', 'flips at', 'wall: from → to']
        .map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', null, list.map((f) => el('tr', null,
        el('td', null, el('code', { text: f.knob }), el('div', { class: 'muted', text: f.meaning })),
        el('td', { class: 'num', text: R.num(f.current) + ' ' + f.unit }),
        el('td', { class: 'num', text: R.num(f.flips_at) + ' ' + f.unit }),
        el('td', { text: f.from + ' → ' + f.to }))))));
    return section;
  }

  function launch(commands) {
    const targets = Object.keys(commands || {});
    if (!targets.length) return null;
    const labels = { vllm: 'vLLM', sglang: 'SGLang' };
    const pre = el('pre', { id: 'launch-command', class: 'code' });
    const code = el('code', { text: commands[targets[0]] });
    pre.appendChild(code);
    const buttons = targets.map((t, i) => {
      const b = el('button', { type: 'button', class: 'toggle', 'data-target': t, 'aria-pressed': i === 0 ? 'true' : 'false',
        text: labels[t] || t });
      b.addEventListener('click', () => {
        code.textContent = commands[t];
        for (const o of buttons) o.setAttribute('aria-pressed', o === b ? 'true' : 'false');
      });
      return b;
    });
    const copy = el('button', { type: 'button', class: 'small', text: 'Copy' });
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(code.textContent);
        copy.textContent = 'Copied';
      } catch (e) {
        copy.textContent = 'Select and copy';
      }
      setTimeout(() => { copy.textContent = 'Copy'; }, 1500);
    });
    return el('section', { class: 'card', id: 'launch' }, el('h2', { text: 'Launch command' }),
      el('div', { class: 'toolbar', role: 'group', 'aria-label': 'Serving engine' }, buttons, copy), pre);
  }

  function statusBadge(status) {
    const cls = status === 'feasible' || status === 'meets_requirements' ? 'ok' : 'bad';
    return el('span', { class: 'badge ' + cls, id: 'result-status', text: status.replace(/_/g, ' ') });
  }

  /** The result view for an action's JSON answer. */
  R.renderResult = function (action, data, tools) {
    const out = el('div', { class: 'result', 'data-action': action });
    out.appendChild(tools);
    let kind = data.kind || 'inference';
    let est;
    if (action === 'advise') {
      est = data.final_estimate;
      out.appendChild(el('section', { class: 'card', id: 'final' },
        el('h2', null, 'Final design ', statusBadge(data.status)),
        el('p', { class: 'stop-reason', text: data.stop_reason }),
        data.search ? el('p', { class: 'search-check', id: 'search-check',
          text: 'Checked against the search: ' + data.search.finding }) : null,
        el('p', { class: 'design-line' }, el('strong', { id: 'final-model', text: data.final_model }), ' on ',
          el('strong', { text: data.final_gpu }), ': ', R.designText(data.final_design, kind)),
        keyFigures(kind, est), validationBands(data.validation_error), overLimits(est.over_limits)));
    } else if (action === 'audit') {
      est = data.estimate;
      out.appendChild(el('section', { class: 'card', id: 'final' },
        el('h2', null, 'Audit ', statusBadge(data.verdict)),
        el('p', null, data.binding ? ['Binding wall: ', el('strong', { text: data.binding })] : 'No requirement wall binds.'),
        el('p', { class: 'design-line', text: R.designText(data.design, kind) }),
        keyFigures(kind, est), validationBands(data.validation_error), overLimits(est.over_limits)));
      out.appendChild(el('section', { class: 'card', id: 'findings' }, el('h2', { text: 'Findings (' + data.findings.length + ')' }),
        el('table', { class: 'data' },
          el('thead', null, el('tr', null, ['severity', 'subject', 'rule', 'message'].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', null, data.findings.map((f) => el('tr', { class: 'sev-' + f.severity },
            el('td', null, el('span', { class: 'badge sev-' + f.severity, text: f.severity })),
            el('td', { text: f.subject }),
            el('td', null, el('code', { text: f.rule_id || '' }), f.rule_name ? el('div', { class: 'muted', text: f.rule_name }) : null),
            el('td', { text: f.message })))))));
    } else {
      est = data;
      out.appendChild(el('section', { class: 'card', id: 'final' },
        el('h2', { text: 'Estimate (' + kind + ')' }),
        el('p', { class: 'design-line' }, el('strong', { id: 'final-model', text: data.model }), ' on ',
          el('strong', { text: data.gpu }), ': ', R.designText(data.design, kind)),
        keyFigures(kind, est), validationBands(data.validation_error), overLimits(est.over_limits)));
    }
    const charts = R.chartsSection(data.charts);
    if (charts) out.appendChild(charts);
    if (action === 'advise') {
      out.appendChild(el('section', { class: 'card', id: 'iterations' },
        el('h2', { text: 'Iterations (' + data.iterations.length + ')' }),
        data.iterations.map((it) => iteration(it, kind))));
      out.appendChild(flipPoints(data.flip_points));
    }
    const l = launch(data.launch_commands);
    if (l) out.appendChild(l);
    if (est && est.figures) out.appendChild(figuresTable(est.figures));
    out.afterInsert = () => { if (charts) charts.build(); };
    return out;
  };
})();
