/* Renders advice, audits and bills as DOM (text nodes only). */
(function () {
  'use strict';
  const R = (window.Ridgeline = window.Ridgeline || {});
  const el = R.el;

  // a serving fleet is sized for its peak and, when it autoscales, paid for at its mean size: the labels say which
  const KEY_FIGURES = {
    inference: [
      ['ttft_ms', 'TTFT'], ['tpot_ms', 'TPOT'], ['e2e_ms', 'End to end'], ['tokens_per_s', 'Fleet output tokens/s'],
      ['batch', 'Batch per replica'], ['total_gpus', 'Peak GPUs'], ['replicas', 'Peak replicas'],
      ['memory_bytes_per_gpu', 'Memory per GPU'], ['cost_per_hour_usd', 'Mean cost per hour'],
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
  R.keyValue = keyValue;
  R.KEY_FIGURES = KEY_FIGURES;

  /** The breach walls that bound a figure: a broken objective marks its tile. */
  const BOUND_WALLS = { ttft_ms: ['ttft_slo'], tpot_ms: ['tpot_slo'], e2e_ms: ['e2e_slo'], task_ms: ['task_slo'],
    tokens_per_s: ['throughput_slo'], cost_per_hour_usd: ['cost'], total_gpus: ['cost', 'placement'] };

  /**
   * "objective ≤ 1,000 ms (p99)" under a tile whose figure a requirement bounds, marked met or broken. A serving
   * latency is judged at the mean load and at the peak (the bill's breaches say which is broken); a training
   * figure against its limit directly.
   */
  function bound(key, est, req) {
    if (!req || !(key in req)) return null;
    const limit = req[key];
    const lower = key === 'tokens_per_s';
    const pct = req.percentile ? ' (p' + +(req.percentile * 100).toFixed(2) + ')' : '';
    const what = { ttft_ms: 'objective', tpot_ms: 'objective', e2e_ms: 'objective', task_ms: 'objective',
      tokens_per_s: 'objective', cost_per_hour_usd: 'budget', total_gpus: 'budget', cost_usd: 'budget',
      training_days: 'deadline' }[key] || 'limit';
    let broken;
    if (Array.isArray(est.breaches)) {
      const walls = BOUND_WALLS[key] || [];
      broken = est.breaches.some((b) => walls.includes(b.wall) && (b.unit === R.unitOfKey(key) || b.unit === 'ms'
        || (key === 'total_gpus' && b.unit === 'GPUs') || (key === 'cost_per_hour_usd' && b.unit === 'USD/h')));
    } else {
      const v = est[key];
      broken = typeof v === 'number' && (lower ? v < limit : v > limit);
    }
    const unit = key === 'total_gpus' ? ' GPUs' : '';
    const shown = (key.endsWith('_usd') ? '$' + R.num(limit) : R.value(limit, R.unitOfKey(key))) + unit;
    return el('span', { class: 'bound ' + (broken ? 'bad' : 'ok'), 'data-bound': key,
      text: (broken ? '✗ ' : '✓ ') + what + ' ' + (lower ? '≥ ' : '≤ ') + shown + (what === 'objective' ? pct : '') });
  }

  /** Tiles of the main figures of a bill, each requirement beside the figure it bounds. */
  function keyFigures(kind, est, req) {
    const grid = el('dl', { class: 'tiles' });
    for (const [key, label] of KEY_FIGURES[kind] || []) {
      if (!(key in est)) continue;
      let v = keyValue(key, est[key]);
      if (key === 'memory_bytes_per_gpu' && est.usable_hbm_bytes_per_gpu) {
        v += ' of ' + R.si(est.usable_hbm_bytes_per_gpu, 'B');
      }
      const peakKey = { ttft_ms: 'peak_ttft_ms', tpot_ms: 'peak_tpot_ms', e2e_ms: 'peak_e2e_ms' }[key];
      const atPeak = peakKey && typeof est[peakKey] === 'number' && est[peakKey] > est[key] * 1.0005
        ? el('span', { class: 'muted peak', text: 'at peak load ' + keyValue(key, est[peakKey]) }) : null;
      grid.appendChild(el('div', { class: 'tile', 'data-key': key }, el('dt', { text: label }),
        el('dd', null, v, atPeak, bound(key, est, req))));
      if (key === 'total_gpus' && kind === 'inference' && est.replicas_in_service < est.replicas) {
        grid.appendChild(el('div', { class: 'tile', 'data-key': 'mean_gpus_in_service' },
          el('dt', { text: 'Mean GPUs in service (autoscaled)' }),
          el('dd', { text: R.num(est.replicas_in_service * est.gpus_per_replica) })));
      }
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
    if (kind === 'rl') parts.push('placement ' + d.rl_placement, 'staleness ' + d.max_staleness_steps);
    if (d.features && d.features.length) parts.push('features: ' + d.features.join(', '));
    return parts.join(', ');
  };

  /** The design's settings by name, as the design line writes them, for the change summary and comparisons. */
  R.designFields = function (d, kind) {
    const f = { tp: d.tp, pp: d.pp };
    if (kind !== 'inference') {
      f['virtual stages'] = d.virtual_stages;
      f['pipeline schedule'] = d.pipeline_schedule;
      f.dp = d.dp;
    }
    f.ep = d.ep;
    f.cp = d.cp;
    if (kind === 'inference') f.replicas = d.replicas;
    if (kind !== 'inference') {
      f.ZeRO = d.zero_stage;
      f['micro-batch'] = d.micro_batch;
    }
    f.weights = d.weights;
    f.activations = d.activations;
    if (kind === 'inference') {
      f.KV = d.kv_cache;
      f.batch = d.batch > 0 ? d.batch : 'max';
    }
    if (kind !== 'inference') f.recomputation = d.recompute ? 'full' : d.selective_recompute ? 'selective' : 'none';
    if (kind === 'rl') {
      f.placement = d.rl_placement;
      f['max staleness'] = d.max_staleness_steps;
    }
    f.features = (d.features || []).slice().sort().join(', ') || 'none';
    return f;
  };

  /** "tp 1 → 2, weights bf16 → fp8" between two designs (and their models and GPUs); '' when equal. */
  R.designChanges = function (a, b, kind) {
    const fa = R.designFields(a.design, kind);
    const fb = R.designFields(b.design, kind);
    const out = [];
    if (a.model !== b.model) out.push('model ' + a.model + ' → ' + b.model);
    if (a.gpu !== b.gpu) out.push('GPU ' + a.gpu + ' → ' + b.gpu);
    for (const k of Object.keys(fb)) if (String(fa[k]) !== String(fb[k])) out.push(k + ' ' + fa[k] + ' → ' + fb[k]);
    return out.join(', ');
  };

  /** RL's split of its GPUs between the actors and the learner, as the bill sizes them (as the command line). */
  function rlSplit(est) {
    if (!est || !('actor_gpus' in est)) return '';
    return est.placement === 'colocated' ? '; actor and learner share ' + est.total_gpus + ' GPUs in turn'
      : '; actor ' + est.actor_gpus + ' GPUs, learner ' + est.learner_gpus + ' GPUs';
  }

  /** The summary line of an advice: what the loop changed from the start to the final design. */
  function changeSummary(data, kind) {
    const its = data.iterations || [];
    const applied = its.filter((it) => it.applied);
    if (!its.length) return null;
    const start = { model: its[0].model, gpu: its[0].gpu, design: its[0].design };
    const end = { model: data.final_model, gpu: data.final_gpu, design: data.final_design };
    const changes = R.designChanges(start, end, kind);
    // the remedies in order, a run of the same one written once with its count: "tensor_parallelism x3, then fp8"
    const mechanisms = [];
    for (const it of applied) {
      const last = mechanisms[mechanisms.length - 1];
      if (last && last.name === it.applied.mechanism) last.count++;
      else mechanisms.push({ name: it.applied.mechanism, count: 1 });
    }
    return el('p', { class: 'change-summary', id: 'change-summary' },
      el('strong', { text: applied.length ? 'Changes (' + applied.length + ' applied): ' : 'Changes: ' }),
      changes ? changes : 'none — the starting design is kept',
      mechanisms.length ? el('span', { class: 'muted', text: ' — by ' + mechanisms.map((m) => m.name
        + (m.count > 1 ? ' ×' + m.count : '')).join(', then ') }) : null);
  }

  /** A rule id as a link to its row in the rule catalogue. */
  function ruleLink(id, cls) {
    if (!id) return el('code', { text: '' });
    return el('a', { href: '/rules.html#rule-' + encodeURIComponent(id), class: 'rule-link', title: 'This rule in the catalogue' },
      el('code', { class: cls || null, text: id }));
  }
  R.ruleLink = ruleLink;

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
        el('td', null, el('strong', { text: R.wallNamed(b.name, b.regime) }), b.name === binding ? el('span', { class: 'badge bad', text: 'binding' }) : null),
        el('td', { text: b.kind }),
        el('td', { class: 'num', text: R.value(b.value, b.unit) }),
        el('td', { class: 'num', text: R.value(b.limit, b.unit) }),
        el('td', null, ruleLink(b.rule_id)),
        el('td', { text: b.explanation })))));
  }

  function applied(a) {
    const unit = R.unitOfKey(a.figure);
    return el('div', { class: 'applied' },
      el('h4', null, 'Remedy: ', el('span', { class: 'mechanism', text: a.mechanism })),
      el('p', { class: 'rule-line' }, 'Rule ', ruleLink(a.rule_id, 'rule-id'), ' ',
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
          ruleLink(c.rule_id), ' (preference ' + c.preference + '): ', c.explanation)))));
    }
    if (it.vetoed && it.vetoed.length) {
      art.appendChild(el('details', { class: 'vetoed', open: true },
        el('summary', { text: 'Vetoed alternatives (' + it.vetoed.length + ')' }),
        el('ul', null, it.vetoed.map((v) => el('li', null, el('strong', { text: v.mechanism }), ' — ',
          ruleLink(v.rule_id), ' ', el('em', { text: v.rule_name }), ': ', v.reason)))));
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
        el('td', { text: R.wallNamed(f.from, f.from_regime) + ' → ' + R.wallNamed(f.to, f.to_regime) }))))));
    return section;
  }

  /** Why the launch command would not run the design as required, or null: it does not fit, or breaks a limit. */
  function launchWarning(est, verdictOk) {
    if (!est) return null;
    if (est.fits === false) {
      return 'This design does not fit in memory: the command would fail to load the model or to run the batch. '
        + 'Fix the memory wall first (see the over-limit list above).';
    }
    if (!verdictOk) {
      return 'This design does not meet the requirements (see the over-limit list above): the command runs it, but '
        + 'not within its objectives or budget.';
    }
    return null;
  }

  function launch(commands, warning) {
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
      warning ? el('div', { class: 'notice bad', id: 'launch-warning' }, el('strong', { text: 'Warning: ' }), warning) : null,
      el('div', { class: 'toolbar', role: 'group', 'aria-label': 'Serving engine' }, buttons, copy), pre);
  }

  function statusBadge(status) {
    const cls = status === 'feasible' || status === 'meets_requirements' ? 'ok' : 'bad';
    return el('span', { class: 'badge ' + cls, id: 'result-status', text: status.replace(/_/g, ' ') });
  }

  /** The result view for an action's JSON answer. */
  /** "advise of default-llama-70b-chat: llama-3.1-70b on h100-sxm, tp 2, ..." for a pinned run. */
  R.runLabel = function (action, data) {
    const kind = data.kind || 'inference';
    if (action === 'advise') return 'advise of ' + data.scenario + ': ' + data.final_model + ' on ' + data.final_gpu;
    return action + ' of ' + data.scenario + ': ' + R.designText(data.design, kind);
  };

  /** The bill of a result, whatever the action. */
  R.estimateOf = function (action, data) {
    return action === 'advise' ? data.final_estimate : action === 'audit' ? data.estimate : data;
  };

  /** The result view for an action's JSON answer; ctx: {doc, post} for the what-if controls. */
  R.renderResult = function (action, data, tools, ctx) {
    const out = el('div', { class: 'result', 'data-action': action });
    out.appendChild(tools);
    let kind = data.kind || 'inference';
    const req = data.requirements || {};
    let est;
    let ok;
    if (action === 'advise') {
      est = data.final_estimate;
      ok = data.status === 'feasible';
      out.appendChild(el('section', { class: 'card', id: 'final' },
        el('h2', null, 'Final design ', statusBadge(data.status)),
        el('p', { class: 'stop-reason', text: data.stop_reason }),
        changeSummary(data, kind),
        data.search ? el('p', { class: 'search-check' + (searchRatio(data.search) > 1.05 ? ' worse' : ''), id: 'search-check',
          text: 'Checked against the search: ' + data.search.finding }) : null,
        el('p', { class: 'design-line' }, el('strong', { id: 'final-model', text: data.final_model }), ' on ',
          el('strong', { text: data.final_gpu }), ': ', R.designText(data.final_design, kind) + rlSplit(est)),
        keyFigures(kind, est, req), validationBands(data.validation_error), overLimits(est.over_limits)));
    } else if (action === 'audit') {
      est = data.estimate;
      ok = data.verdict === 'meets_requirements';
      out.appendChild(el('section', { class: 'card', id: 'final' },
        el('h2', null, 'Audit ', statusBadge(data.verdict)),
        el('p', null, data.binding ? ['Binding wall: ', el('strong', { text: data.binding })] : 'No requirement wall binds.'),
        el('p', { class: 'design-line', text: R.designText(data.design, kind) + rlSplit(est) }),
        keyFigures(kind, est, req), validationBands(data.validation_error), overLimits(est.over_limits)));
      out.appendChild(el('section', { class: 'card', id: 'findings' }, el('h2', { text: 'Findings (' + data.findings.length + ')' }),
        el('table', { class: 'data' },
          el('thead', null, el('tr', null, ['severity', 'subject', 'rule', 'message'].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', null, data.findings.map((f) => el('tr', { class: 'sev-' + f.severity },
            el('td', null, el('span', { class: 'badge sev-' + f.severity, text: f.severity })),
            el('td', { text: f.subject }),
            el('td', null, f.rule_id ? ruleLink(f.rule_id) : null, f.rule_name ? el('div', { class: 'muted', text: f.rule_name }) : null),
            el('td', { text: f.message })))))));
    } else {
      est = data;
      ok = !(est.over_limits && est.over_limits.length);
      out.appendChild(el('section', { class: 'card', id: 'final' },
        el('h2', { text: 'Estimate (' + kind + ')' }),
        el('p', { class: 'design-line' }, el('strong', { id: 'final-model', text: data.model }), ' on ',
          el('strong', { text: data.gpu }), ': ', R.designText(data.design, kind) + rlSplit(est)),
        keyFigures(kind, est, req), validationBands(data.validation_error), overLimits(est.over_limits)));
    }
    const alternatives = action === 'advise' && data.search && data.search.alternatives
      && ALTERNATIVE_FIGURES[kind] ? R.searchSection(data, kind) : null;
    if (alternatives) out.appendChild(alternatives);
    const whatIf = ctx && ctx.doc && R.whatIfSection ? R.whatIfSection(action, data, ctx) : null;
    if (whatIf) out.appendChild(whatIf);
    const charts = R.chartsSection(data.charts);
    if (charts) out.appendChild(charts);
    if (action === 'advise') {
      out.appendChild(el('section', { class: 'card', id: 'iterations' },
        el('h2', { text: 'Iterations (' + data.iterations.length + ')' }),
        data.iterations.map((it) => iteration(it, kind))));
      out.appendChild(flipPoints(data.flip_points));
    }
    const l = launch(data.launch_commands, launchWarning(est, ok));
    if (l) out.appendChild(l);
    if (est && est.figures) out.appendChild(figuresTable(est.figures));
    R.fitTables(out);
    out.afterInsert = () => {
      R.destroyCharts();
      if (charts) charts.build();
      if (alternatives) alternatives.build();
    };
    return out;
  };

  // ---- the search's alternatives

  /** Whether a design of the search is the advised one (same model, GPU and design settings). */
  R.isAdvised = function (alt, data, kind) {
    return alt.model === data.final_model && alt.gpu === data.final_gpu
      && R.designChanges({ model: 0, gpu: 0, design: alt.design }, { model: 0, gpu: 0, design: data.final_design }, kind) === '';
  };

  /** The advised design's figure over the search's best by the objective (above 1 is worse); cost_ratio before it. */
  function searchRatio(search) {
    return typeof search.objective_ratio === 'number' ? search.objective_ratio : search.cost_ratio;
  }

  /** The columns of the alternatives table by kind: figure key and heading. */
  const ALTERNATIVE_FIGURES = {
    inference: [['cost_per_hour_usd', 'cost/h'], ['ttft_ms', 'TTFT'], ['tpot_ms', 'TPOT'], ['e2e_ms', 'end to end'],
      ['tokens_per_s', 'tokens/s']],
    training: [['cost_usd', 'cost'], ['training_days', 'days'], ['step_time_s', 'step'], ['mfu', 'MFU']],
  };

  /** What the objective ranks by, in words, for the card's hint. */
  const OBJECTIVE_WORDS = {
    inference: { cost: 'cheapest first', latency: 'lowest end-to-end latency first',
      throughput: 'highest tokens/s first' },
    training: { cost: 'cheapest run first', latency: 'fewest days first', throughput: 'fewest days first' },
  };

  /**
   * "Alternatives found by search" (serving and pretraining): the advice's own search check (search.alternatives),
   * ranked by the scenario's objective, with the advised design marked, and the search's Pareto front
   * (search.pareto) of cost against latency with the advised point and the search's best.
   */
  R.searchSection = function (data, kind) {
    const search = data.search;
    const words = (OBJECTIVE_WORDS[kind] || {})[search.objective] || '';
    const grid = el('div', { class: 'chart-grid' });
    const section = el('section', { class: 'card', id: 'alternatives' },
      el('h2', { text: 'Alternatives found by search' }),
      el('p', { class: 'hint', text: 'The independent search of the design space, ranked by the objective ('
        + search.objective + ', ' + words + '): the designs that meet every requirement, then those that break one. '
        + 'It checks the advice; it never chooses it.' }),
      el('div', { class: 'search-body' }, R.fitTables(alternativesTable(search, data, kind))), grid);
    // Chart.js measures the figure: draw once the card is in the document
    section.build = () => R.paretoChart(grid, search, data);
    return section;
  };

  function alternativesTable(search, data, kind) {
    const top = search.alternatives || [];
    if (!top.length) return el('p', { class: 'muted', text: 'The search finds no design that fits.' });
    const cols = ALTERNATIVE_FIGURES[kind];
    const head = ['#', 'design', 'GPUs'].concat(cols.map((c) => c[1])).concat(['meets requirements', 'what binds']);
    let advisedRanked = false;
    const rows = top.map((a) => {
      const advised = R.isAdvised(a, data, kind);
      advisedRanked = advisedRanked || advised;
      const f = a.figures || {};
      return el('tr', { class: (advised ? 'advised ' : '') + (a.meets_requirements ? '' : 'fails') },
        el('td', { class: 'num', text: a.rank }),
        el('td', null, el('span', { text: a.model + ' on ' + a.gpu + ': ' + R.designText(a.design, kind) }),
          advised ? el('span', { class: 'badge ok', text: 'advised' }) : null),
        el('td', { class: 'num', text: R.num(a.total_gpus) }),
        cols.map(([k]) => el('td', { class: 'num', text: typeof f[k] === 'number' ? keyValue(k, f[k])
          : (R.unitOfKey(k) === 'ms' ? 'unbounded' : '—') })),
        el('td', { text: a.meets_requirements ? 'yes' : 'no' }),
        el('td', { text: a.binding }));
    });
    return el('div', null,
      el('div', { class: 'table-wrap' }, el('table', { class: 'data alternatives stack' },
        el('thead', null, el('tr', null, head.map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', null, rows))),
      el('p', { class: 'muted', text: (kind === 'inference'
        ? 'Latencies at the objective\'s percentile. ' : '')
        + (advisedRanked ? '' : 'The advised design is not among these ' + top.length + '.') }));
  }
})();
