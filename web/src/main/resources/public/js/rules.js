/* The rule catalogue page: every rule from /api/rules, filterable. */
(function () {
  'use strict';
  const R = window.Ridgeline;
  const el = R.el;

  function row(r) {
    const tr = el('tr', { id: 'rule-' + r.id },
      el('td', null, el('code', { text: r.id })),
      el('td', { text: r.name }),
      el('td', { class: 'num', text: r.lesson }),
      el('td', { class: 'explanation', text: r.explanation }),
      el('td', null, el('code', { text: r.file })));
    tr.dataset.search = [r.id, r.name, r.lesson, r.explanation, r.file].join(' ').toLowerCase();
    return tr;
  }

  async function init() {
    const body = document.querySelector('#rules-table tbody');
    const count = document.getElementById('rule-count');
    const filter = document.getElementById('rule-filter');
    let rules;
    try {
      rules = await R.getJson('/api/rules');
    } catch (e) {
      const box = document.getElementById('rules-error');
      box.textContent = 'The rules could not be loaded: ' + e.message;
      box.hidden = false;
      return;
    }
    const rows = rules.map(row);
    R.append(body, rows);
    const apply = () => {
      const q = filter.value.trim().toLowerCase();
      let shown = 0;
      for (const tr of rows) {
        tr.hidden = q !== '' && !tr.dataset.search.includes(q);
        if (!tr.hidden) shown++;
      }
      count.textContent = shown === rows.length ? rows.length + ' rules' : shown + ' of ' + rows.length + ' rules';
    };
    filter.addEventListener('input', apply);
    apply();
    document.body.dataset.ready = 'true';
  }

  document.addEventListener('DOMContentLoaded', init);
})();
