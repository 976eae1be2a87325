/* Compare: a pinned run (A) against the one shown (B): design, figures, walls, remedies, vetoes, rules fired. */
(function () {
  'use strict';
  const R = (window.Ridgeline = window.Ridgeline || {});
  const el = R.el;

  function status(action, d) {
    return action === 'advise' ? d.status : action === 'audit' ? d.verdict
      : (d.over_limits && d.over_limits.length ? 'over limits' : 'within limits');
  }

  function endpoint(action, d) {
    return action === 'advise' ? { model: d.final_model, gpu: d.final_gpu, design: d.final_design }
      : { model: d.model || '', gpu: d.gpu || '', design: d.design };
  }

  /** Every reason a run gives, as "kind: text" lines keyed for a set difference. */
  function reasons(action, d) {
    const out = new Map();
    const add = (key, text) => { if (!out.has(key)) out.set(key, text); };
    if (action === 'advise') {
      for (const it of d.iterations || []) {
        if (it.binding) add('wall ' + it.binding, 'binding wall ' + it.binding);
        if (it.applied) add('applied ' + it.applied.mechanism + ' ' + it.applied.rule_id,
          'remedy ' + it.applied.mechanism + ' (' + it.applied.rule_id + ')');
        for (const v of it.vetoed || []) add('veto ' + v.mechanism + ' ' + v.rule_id, 'veto of ' + v.mechanism + ' (' + v.rule_id + ')');
      }
    } else if (action === 'audit') {
      if (d.binding) add('wall ' + d.binding, 'binding wall ' + d.binding);
      for (const f of d.findings || []) add('finding ' + (f.rule_id || '') + ' ' + f.subject, f.severity + ' ' + f.subject
        + (f.rule_id ? ' (' + f.rule_id + ')' : ''));
    }
    const est = R.estimateOf(action, d);
    for (const t of (est && est.over_limits) || []) add('over ' + t, 'over the limits: ' + t);
    return out;
  }

  function list(title, id, items) {
    return el('div', { class: 'compare-list', id },
      el('h3', { text: title + ' (' + items.length + ')' }),
      items.length ? el('ul', null, items.map((t) => el('li', { text: t }))) : el('p', { class: 'muted', text: 'none' }));
  }

  /** The comparison card; unpin: the button that drops A. */
  R.renderCompare = function (action, a, b, unpin) {
    const kind = b.kind || 'inference';
    const ea = R.estimateOf(action, a);
    const eb = R.estimateOf(action, b);
    const keys = (R.KEY_FIGURES[kind] || []).map(([k, label]) => [k, label]).filter(([k]) => k in ea || k in eb);
    const rows = keys.map(([k, label]) => {
      const va = ea[k];
      const vb = eb[k];
      const change = typeof va === 'number' && typeof vb === 'number' && va !== 0 ? (vb / va - 1) * 100 : null;
      const same = JSON.stringify(va) === JSON.stringify(vb);
      return el('tr', { class: same ? 'same' : 'changed', 'data-key': k },
        el('td', { text: label }),
        el('td', { class: 'num', text: va === undefined ? '—' : R.keyValue(k, va) }),
        el('td', { class: 'num', text: vb === undefined ? '—' : R.keyValue(k, vb) }),
        el('td', { class: 'num', text: change === null ? (same ? '' : 'changed') : (change >= 0 ? '+' : '') + R.num(change) + '%' }));
    });
    const ra = reasons(action, a);
    const rb = reasons(action, b);
    const onlyA = [...ra.keys()].filter((k) => !rb.has(k)).map((k) => ra.get(k));
    const onlyB = [...rb.keys()].filter((k) => !ra.has(k)).map((k) => rb.get(k));
    const design = R.designChanges(endpoint(action, a), endpoint(action, b), kind);
    return R.fitTables(el('section', { class: 'card compare', id: 'compare' },
      el('h2', null, 'Compared with the pinned run ', unpin),
      el('p', null, el('strong', { text: 'A (pinned): ' }), R.runLabel(action, a), ' — ', status(action, a).replace(/_/g, ' ')),
      el('p', null, el('strong', { text: 'B (shown below): ' }), R.runLabel(action, b), ' — ', status(action, b).replace(/_/g, ' ')),
      el('p', { id: 'compare-design' }, el('strong', { text: 'Design, A → B: ' }), design || 'the same'),
      el('div', { class: 'table-wrap' }, el('table', { class: 'data', id: 'compare-figures' },
        el('thead', null, el('tr', null, ['figure', 'A', 'B', 'change'].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', null, rows))),
      el('div', { class: 'compare-lists' },
        list('Only in A: walls, remedies, vetoes, findings', 'compare-only-a', onlyA),
        list('Only in B', 'compare-only-b', onlyB))));
  };
})();
