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

  // ---- two rulebases (serve --compare-rules DIR): POST /api/compare's answer

  function sideLists(title, id, parts, left, right) {
    return el('div', { class: 'compare-lists', id },
      list(title + ' under ' + left + ' only', id + '-left', (parts && parts.left) || []),
      list(title + ' under ' + right + ' only', id + '-right', (parts && parts.right) || []));
  }

  function sequences(title, id, parts, left, right) {
    if (!parts || !parts.left) return null;
    return el('div', { class: 'compare-lists', id },
      el('div', { class: 'compare-list' }, el('h3', { text: title + ', ' + left }),
        el('ol', null, parts.left.map((t) => el('li', { text: t })))),
      el('div', { class: 'compare-list' }, el('h3', { text: title + ', ' + right }),
        el('ol', null, parts.right.map((t) => el('li', { text: t })))));
  }

  const isEmpty = (o) => !o || (Array.isArray(o) ? o.length === 0 : Object.keys(o).length === 0);

  /**
   * What changed when the scenario is advised under the server's rulebase (left) and the compared one (right):
   * status, final design, the binding wall of each turn, the remedies applied, and walls, vetoes and rules fired on
   * one side only, then the final figures that moved.
   */
  R.renderRulebaseDiff = function (d) {
    const left = d.left;
    const right = d.right;
    const same = isEmpty(d.status) && isEmpty(d.design) && isEmpty(d.walls) && isEmpty(d.binding)
      && isEmpty(d.applied) && isEmpty(d.vetoes) && isEmpty(d.fired) && isEmpty(d.figures);
    const section = el('section', { class: 'card compare', id: 'rulebase-diff' },
      el('h2', { text: 'Rulebase comparison' }),
      el('p', null, el('strong', { text: 'Left: ' }), left, el('br'), el('strong', { text: 'Right: ' }), right));
    if (same) {
      section.appendChild(el('p', { id: 'rulebase-diff-same', text: 'No difference in status, design, walls, '
        + 'remedies, vetoes, fired rules or figures.' }));
      return section;
    }
    if (!isEmpty(d.status)) {
      section.appendChild(el('p', { id: 'rulebase-diff-status' }, el('strong', { text: 'Status: ' }),
        d.status[0] + ' → ' + d.status[1]));
    }
    if (!isEmpty(d.design)) {
      section.appendChild(el('div', { class: 'table-wrap' }, el('table', { class: 'data stack', id: 'rulebase-diff-design' },
        el('thead', null, el('tr', null, ['final design', left, right].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', null, Object.entries(d.design).map(([k, v]) => el('tr', null,
          el('td', { text: k }), el('td', { text: JSON.stringify(v[0]) }), el('td', { text: JSON.stringify(v[1]) })))))));
    }
    const binding = sequences('Binding wall each turn', 'rulebase-diff-binding', d.binding, left, right);
    if (binding) section.appendChild(binding);
    const applied = sequences('Remedies applied', 'rulebase-diff-applied', d.applied, left, right);
    if (applied) section.appendChild(applied);
    if (!isEmpty(d.walls)) section.appendChild(sideLists('Walls met', 'rulebase-diff-walls', d.walls, left, right));
    if (!isEmpty(d.vetoes)) section.appendChild(sideLists('Vetoes', 'rulebase-diff-vetoes', d.vetoes, left, right));
    if (!isEmpty(d.fired)) section.appendChild(sideLists('Rules fired', 'rulebase-diff-fired', d.fired, left, right));
    if (!isEmpty(d.figures)) {
      section.appendChild(el('div', { class: 'table-wrap' }, el('table', { class: 'data stack', id: 'rulebase-diff-figures' },
        el('thead', null, el('tr', null, ['figure', left, right, 'right / left'].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', null, Object.entries(d.figures).map(([k, v]) => el('tr', { 'data-key': k },
          el('td', { text: k }), el('td', { class: 'num', text: R.keyValue(k, v[0]) }),
          el('td', { class: 'num', text: R.keyValue(k, v[1]) }),
          el('td', { class: 'num', text: typeof v[2] === 'number' ? R.num(v[2]) + '×' : '—' })))))));
    }
    return R.fitTables(section);
  };
})();
