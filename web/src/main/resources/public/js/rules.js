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
    R.fitTables(document.querySelector('main'));
    // /rules.html#rule-ID (the advisor's rule links): the rows arrive after the page, so scroll to the row now
    const target = () => {
      const id = decodeURIComponent(window.location.hash.replace(/^#/, ''));
      for (const tr of rows) tr.classList.toggle('targeted', tr.id === id);
      const row = id && document.getElementById(id);
      if (row) {
        if (row.hidden) { filter.value = ''; apply(); }
        row.scrollIntoView({ block: 'center' });
      }
    };
    window.addEventListener('hashchange', target);
    target();
    document.body.dataset.ready = 'true';
  }

  document.addEventListener('DOMContentLoaded', init);
})();
