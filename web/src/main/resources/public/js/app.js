/* The advisor page: presets, form fields bound to the scenario text, actions, errors, permalinks. */
(function () {
  'use strict';
  const R = window.Ridgeline;
  const el = R.el;

  /**
   * The form's fields: dotted path in the scenario, label, input type, the kinds it applies to. Their limits, a
   * select's values and the tooltip come from the scenario's JSON Schema (/api/scenario/schema), the one the
   * loader reads by; a select has an empty first choice (left out) unless blank is false.
   */
  const GROUPS = [
    { legend: 'Model and hardware', fields: [
      { path: 'kind', label: 'Kind', type: 'select', blank: false },
      { path: 'model', label: 'Model', type: 'text', list: 'model-ids', hint: 'a catalog id; an inline model is edited in the text below' },
      { path: 'hardware.gpu', label: 'GPU', type: 'gpu' },
      { path: 'hardware.gpus_per_node', label: 'GPUs per node', type: 'int' },
      { path: 'hardware.nodes', label: 'Nodes', type: 'int' },
    ] },
    { legend: 'Workload', kinds: ['inference'], fields: [
      { path: 'workload.prompt_tokens', label: 'Prompt tokens', type: 'int' },
      { path: 'workload.output_tokens', label: 'Output tokens', type: 'int' },
      { path: 'workload.requests_per_s', label: 'Requests/s (mean)', type: 'number' },
      { path: 'workload.concurrency', label: 'Clients (closed loop)', type: 'int', hint: 'instead of requests/s: C clients, each sending its next request when the last one ends (vllm bench serve --max-concurrency C)' },
      { path: 'workload.distinct_prompts', label: 'Distinct prompts (closed loop)', type: 'int', hint: 'the benchmark dataset\'s entries, reused in turn (genai-perf and aiperf: 100); 0 = every prompt new' },
    ] },
    { legend: 'Workload', kinds: ['training'], fields: [
      { path: 'workload.tokens', label: 'Training tokens', type: 'number' },
      { path: 'workload.seq_len', label: 'Sequence length', type: 'int' },
      { path: 'workload.global_batch_tokens', label: 'Global batch, tokens', type: 'number' },
    ] },
    { legend: 'Workload', kinds: ['rl'], fields: [
      { path: 'workload.prompts_per_step', label: 'Prompts per step', type: 'int' },
      { path: 'workload.samples_per_prompt', label: 'Samples per prompt', type: 'int' },
      { path: 'workload.max_generation_tokens', label: 'Max generation tokens', type: 'int' },
    ] },
    { legend: 'Service-level objectives', kinds: ['inference'], fields: [
      { path: 'slo.percentile', label: 'Percentile', type: 'text', list: 'percentiles', placeholder: 'p99' },
      { path: 'slo.ttft_ms', label: 'TTFT, ms', type: 'number' },
      { path: 'slo.tpot_ms', label: 'TPOT, ms', type: 'number' },
      { path: 'slo.e2e_ms', label: 'End to end, ms', type: 'number' },
    ] },
    { legend: 'Objective and budget', fields: [
      { path: 'objective', label: 'Objective', type: 'select', kinds: ['inference', 'training'],
        hint: 'what ranks designs once every requirement holds; empty: cost (pretraining: latency, the fewest days)' },
      { path: 'budget.usd_per_hour', label: 'USD per hour', type: 'number' },
      { path: 'budget.max_gpus', label: 'Max GPUs', type: 'int' },
    ] },
    { legend: 'Starting design (optional)', fields: [
      { path: 'design.tp', label: 'TP', type: 'int' },
      { path: 'design.pp', label: 'PP', type: 'int' },
      { path: 'design.dp', label: 'DP', type: 'int', kinds: ['training', 'rl'] },
      { path: 'design.ep', label: 'EP', type: 'int' },
      { path: 'design.replicas', label: 'Replicas', type: 'int', kinds: ['inference'] },
      { path: 'design.precision', label: 'Precision', type: 'select', },
      { path: 'design.batch', label: 'Batch (0: max)', type: 'int', kinds: ['inference'] },
      { path: 'design.pipeline_schedule', label: 'Pipeline schedule', type: 'select', kinds: ['training'], hint: '1f1b (interleaved with virtual stages), zero_bubble (ZB-H1) or dualpipe (DeepSeek-V3: hides the expert all-to-alls, two copies of the parameters); empty: 1f1b' },
      { path: 'design.engine', label: 'Engine', type: 'select', kinds: ['inference', 'rl'], hint: 'the serving engine whose own fixed costs the bill uses; empty: costs fitted over every engine' },
    ] },
  ];

  // syncedText: the scenario text that state.doc was read from (or written as); the box is never written over
  // while it holds anything else, so a user's unparsable text is kept as typed
  const state = { doc: {}, gpus: [], models: [], lastAction: null, lastText: null, lastData: null, lastDoc: null,
    busy: false, syncedText: null, syncing: null, pinned: null, rulebases: null, schema: null };
  const $ = (id) => document.getElementById(id);
  const inputs = new Map(); // path -> input element

  function fieldId(path) {
    return 'f-' + path.replace(/[._]/g, '-');
  }

  /** The JSON Schema of the key at a dotted path, for a kind (the workload's keys are the kind's); null if none. */
  function keySchema(path, kind) {
    let s = state.schema;
    for (const k of path.split('.')) {
      if (s && !s.properties && s.anyOf) s = s.anyOf.find((o) => o.title === 'workload of kind ' + kind) || null;
      s = s && s.properties ? s.properties[k] || null : null;
    }
    return s;
  }

  /**
   * The least value an input offers: the schema's minimum; for a key with only an exclusive one (greater than 0), the
   * next whole number for an integer, else that bound (the server refuses the bound itself with its range).
   */
  function leastValue(ks, f) {
    if (ks.minimum !== undefined) return ks.minimum;
    if (ks.exclusiveMinimum === undefined) return undefined;
    return f.type === 'int' ? ks.exclusiveMinimum + 1 : ks.exclusiveMinimum;
  }

  function buildFields() {
    const host = $('fields');
    host.appendChild(el('datalist', { id: 'percentiles' }, ['p50', 'p90', 'p95', 'p99', 'p99.9'].map((p) => el('option', { value: p }))));
    host.appendChild(el('datalist', { id: 'model-ids' }, state.models.map((m) => el('option', { value: m.id }))));
    for (const g of GROUPS) {
      const fs = el('fieldset', { class: 'group', 'data-kinds': g.kinds ? g.kinds.join(' ') : null }, el('legend', { text: g.legend }));
      const grid = el('div', { class: 'grid' });
      for (const f of g.fields) {
        const id = fieldId(f.path);
        const ks = keySchema(f.path, (f.kinds || g.kinds || ['inference'])[0]) || {};
        let input;
        if (f.type === 'select' || f.type === 'gpu') {
          const opts = f.type === 'gpu' ? [''].concat(state.gpus.map((x) => x.id))
            : (f.blank === false ? [] : ['']).concat(ks.enum || []);
          input = el('select', { id, name: f.path }, opts.map((o) => el('option', { value: o, text: o === '' ? '—' : o })));
        } else {
          input = el('input', { id, name: f.path, type: f.type === 'text' ? 'text' : 'number',
            step: f.type === 'int' ? '1' : 'any', min: leastValue(ks, f),
            max: ks.maximum, list: f.list, placeholder: f.placeholder || '',
            inputmode: f.type === 'text' ? null : (f.type === 'int' ? 'numeric' : 'decimal'), autocomplete: 'off' });
        }
        if (ks.description) input.title = ks.description;
        input.dataset.path = f.path;
        input.dataset.type = f.type;
        inputs.set(f.path, input);
        input.addEventListener('change', () => onFieldChange(f, input));
        grid.appendChild(el('div', { class: 'field' + (f.path === 'model' ? ' wide' : ''), 'data-field': f.path,
          'data-kinds': f.kinds ? f.kinds.join(' ') : null },
          el('label', { for: id, text: f.label }), input,
          f.hint ? el('p', { class: 'hint', text: f.hint }) : null,
          el('p', { class: 'field-error', hidden: true })));
      }
      fs.appendChild(grid);
      host.appendChild(fs);
    }
  }

  // ---- the document and the fields

  const getPath = R.getPath;
  const setPath = R.setPath;

  function deletePath(doc, path) {
    const keys = path.split('.');
    const parents = [doc];
    let o = doc;
    for (const k of keys.slice(0, -1)) {
      if (o === null || typeof o !== 'object' || !(k in o)) return;
      o = o[k];
      parents.push(o);
    }
    if (o && typeof o === 'object') delete o[keys[keys.length - 1]];
    for (let i = keys.length - 2; i >= 0; i--) { // drop mappings left empty
      const p = parents[i];
      const c = p[keys[i]];
      if (c && typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length === 0) delete p[keys[i]];
    }
  }

  function currentKind() {
    const k = state.doc && typeof state.doc.kind === 'string' ? state.doc.kind : 'inference';
    return ['inference', 'training', 'rl'].includes(k) ? k : 'inference';
  }

  function applyKind() {
    const kind = currentKind();
    for (const node of document.querySelectorAll('#fields [data-kinds]')) {
      node.hidden = !node.dataset.kinds.split(' ').includes(kind);
    }
  }

  /** Fills the fields from the document. */
  function fillFields() {
    for (const [path, input] of inputs) {
      const v = getPath(state.doc, path);
      input.disabled = false;
      if (path === 'model' && v && typeof v === 'object') {
        input.value = (v.id ? v.id : 'inline') + ' (inline)';
        input.disabled = true;
      } else if (path === 'kind') {
        input.value = typeof v === 'string' ? v : 'inference';
      } else if (v === undefined || v === null || typeof v === 'object') {
        input.value = '';
      } else if (input.tagName === 'SELECT' && ![...input.options].some((o) => o.value === String(v))) {
        input.appendChild(el('option', { value: String(v), text: String(v) }));
        input.value = String(v);
      } else {
        input.value = String(v);
      }
    }
    applyKind();
  }

  /** A field's change, written into the document and the text; refused (the text kept) when the text is unreadable. */
  async function onFieldChange(f, input) {
    const raw = input.value.trim();
    if ($('scenario-text').value !== state.syncedText) {
      // the text was edited since it was last read: read it first, so that the field lands in what the user wrote
      if (!(await syncFromText())) {
        refuseField(input, 'Not applied: the scenario text cannot be read (its error is shown under it), so this '
          + 'field cannot be written into it. Your text is kept as you typed it: fix it, or pick a preset.');
        return;
      }
      input.value = raw;
    }
    if (f.path === 'kind') {
      const before = currentKind();
      if (raw === 'inference') deletePath(state.doc, 'kind'); else setPath(state.doc, 'kind', raw);
      if (before !== raw) {
        deletePath(state.doc, 'workload'); // another kind's workload keys would be refused
        if (raw !== 'inference') deletePath(state.doc, 'slo');
        fillFields();
      }
    } else if (raw === '') {
      deletePath(state.doc, f.path);
    } else if (f.type === 'int' || f.type === 'number') {
      const n = Number(raw);
      setPath(state.doc, f.path, Number.isFinite(n) ? n : raw);
    } else {
      setPath(state.doc, f.path, raw);
    }
    clearErrors();
    writeText(R.toYaml(state.doc));
    markCustom();
    applyKind();
  }

  /** Writes the text box from the document (the only place the page writes it, with choosePreset). */
  function writeText(text) {
    $('scenario-text').value = text;
    state.syncedText = text;
  }

  /** Shows why a field's change was not applied, next to the field, keeping the other errors shown. */
  function refuseField(input, message) {
    const box = input.closest('.field').querySelector('.field-error');
    box.textContent = message;
    box.hidden = false;
    input.setAttribute('aria-invalid', 'true');
  }

  function markCustom() {
    const sel = $('preset');
    if (![...sel.options].some((o) => o.value === '')) {
      sel.insertBefore(el('option', { value: '', text: '(edited)' }), sel.firstChild);
    }
    sel.value = '';
    $('preset-description').textContent = '';
  }

  /** Reads the text box into the document through the API, then fills the fields; one read per text at a time. */
  function syncFromText() {
    const text = $('scenario-text').value;
    if (text === state.syncedText) return Promise.resolve(true);
    if (state.syncing && state.syncing.text === text) return state.syncing.promise;
    const promise = (async () => {
      if (!text.trim()) {
        showError({ error: 'The scenario is empty: pick a preset or fill the fields.', field: '(file)' });
        return false;
      }
      const res = await R.post('/api/scenario/document', text);
      if ($('scenario-text').value !== text) return false; // typed over meanwhile: the newer text is read next
      if (!res.ok) {
        showError(typeof res.data === 'object' ? res.data : { error: 'HTTP ' + res.status + ': ' + res.data });
        return false;
      }
      state.doc = res.data.document;
      state.syncedText = text;
      fillFields();
      return true;
    })();
    state.syncing = { text, promise };
    promise.finally(() => { if (state.syncing && state.syncing.promise === promise) state.syncing = null; });
    return promise;
  }

  // ---- presets

  async function loadPresets() {
    const list = await R.getJson('/api/presets');
    const sel = $('preset');
    R.clear(sel);
    for (const p of list) {
      sel.appendChild(el('option', { value: p.name, text: p.name + (p.kind && p.kind !== 'inference' ? ' (' + p.kind + ')' : '') }));
    }
    sel.addEventListener('change', () => { if (sel.value) choosePreset(sel.value); });
    return list;
  }

  async function choosePreset(name) {
    const p = await R.getJson('/api/presets/' + name.split('/').map(encodeURIComponent).join('/'));
    const sel = $('preset');
    const edited = [...sel.options].find((o) => o.value === '');
    if (edited) edited.remove();
    sel.value = p.name;
    $('preset-description').textContent = p.description || '';
    writeText(p.text);
    state.doc = p.document;
    clearErrors();
    fillFields();
  }

  // ---- errors

  function clearErrors() {
    const top = $('form-error');
    top.hidden = true;
    top.textContent = '';
    for (const p of document.querySelectorAll('#scenario-form .field-error')) { p.hidden = true; p.textContent = ''; }
    for (const i of document.querySelectorAll('#scenario-form [aria-invalid]')) i.removeAttribute('aria-invalid');
  }

  /** The form field an error's dotted path belongs to: the field itself, or the nearest enclosing one shown. */
  function fieldFor(path) {
    if (!path) return null;
    if (path === '(file)' || path === 'file') return $('scenario-text');
    let best = null;
    for (const [p, input] of inputs) {
      if (path === p || path.startsWith(p + '.') || path.startsWith(p + '[')) {
        if (!best || p.length > best.dataset.path.length) best = input;
      }
    }
    if (best && best.closest('[hidden]')) return null;
    return best;
  }

  function showError(err) {
    clearErrors();
    const message = (err && err.error) || String(err);
    const input = fieldFor(err && err.field);
    if (input) {
      const box = input.closest('.field').querySelector('.field-error');
      box.textContent = message;
      box.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      if (input.id === 'scenario-text') $('scenario-details').open = true;
      input.scrollIntoView({ block: 'center' });
    } else {
      const top = $('form-error');
      top.textContent = message;
      top.hidden = false;
      top.scrollIntoView({ block: 'nearest' });
    }
    setStatus('');
  }

  function setStatus(text) {
    $('status').textContent = text;
  }

  // ---- actions

  function setBusy(busy) {
    state.busy = busy;
    for (const b of document.querySelectorAll('.actions button')) b.disabled = busy;
  }

  function permalink(action, text) {
    const url = new URL(window.location.href);
    url.hash = 'run=' + action + '&scenario=' + R.toBase64Url(text);
    return url.toString();
  }

  function tools(action, text, data) {
    const link = permalink(action, text);
    const jsonBtn = el('button', { type: 'button', id: 'download-json', class: 'small', text: 'Download JSON' });
    jsonBtn.addEventListener('click', () => R.download(fileBase(data, action) + '.json', JSON.stringify(data, null, 2), 'application/json'));
    const mdBtn = el('button', { type: 'button', id: 'download-markdown', class: 'small', text: 'Download Markdown' });
    mdBtn.addEventListener('click', async () => {
      mdBtn.disabled = true;
      try {
        const res = await R.post('/api/' + action + '?format=markdown', text, true);
        if (res.ok) R.download(fileBase(data, action) + '.md', res.data, 'text/markdown');
        else showError(res.data);
      } finally {
        mdBtn.disabled = false;
      }
    });
    const pinBtn = el('button', { type: 'button', class: 'small', id: 'pin-result', text: 'Pin for comparison',
      title: 'Keep this result; the next run of the same action is shown against it' });
    pinBtn.addEventListener('click', () => pin(action, data));
    const linkInput = el('input', { type: 'text', id: 'permalink', readonly: true, value: link, 'aria-label': 'Permalink' });
    const copyBtn = el('button', { type: 'button', class: 'small', id: 'copy-permalink', text: 'Copy permalink' });
    copyBtn.addEventListener('click', async () => {
      linkInput.select();
      try { await navigator.clipboard.writeText(link); copyBtn.textContent = 'Copied'; } catch (e) { copyBtn.textContent = 'Press Ctrl+C'; }
      setTimeout(() => { copyBtn.textContent = 'Copy permalink'; }, 1500);
    });
    const rb = state.rulebases;
    const diffBtn = rb && rb.available && action === 'advise' ? el('button', { type: 'button', class: 'small',
      id: 'compare-rulebases', text: 'Compare rulebases',
      title: 'Advise this scenario under ' + rb.left + ' and under ' + rb.right + ', and show what changed' }) : null;
    if (diffBtn) diffBtn.addEventListener('click', () => compareRulebases(diffBtn, text));
    return el('div', { class: 'result-tools' }, jsonBtn, mdBtn, pinBtn, diffBtn, el('span', { class: 'spacer' }),
      linkInput, copyBtn);
  }

  /** The scenario advised under the server's rulebase and the compared one (POST /api/compare), shown as a card. */
  async function compareRulebases(button, text) {
    button.disabled = true;
    const previous = $('rulebase-diff');
    const status = el('p', { class: 'muted', id: 'rulebase-diff-running', text: 'Advising under both rulebases…' });
    const anchor = previous || $('results').querySelector('.result-tools');
    if (previous) previous.replaceWith(status); else anchor.after(status);
    try {
      const res = await R.post('/api/compare', text);
      const card = res.ok ? R.renderRulebaseDiff(res.data)
        : el('p', { class: 'error-box', id: 'rulebase-diff', text: 'The comparison failed: '
          + ((res.data && res.data.error) || ('HTTP ' + res.status)) });
      status.replaceWith(card);
    } catch (e) {
      status.replaceWith(el('p', { class: 'error-box', id: 'rulebase-diff', text: 'The comparison failed: ' + e.message }));
    } finally {
      button.disabled = false;
    }
  }

  function fileBase(data, action) {
    const name = String(data.scenario || 'scenario').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
    return 'ridgeline-' + action + '-' + name;
  }

  const ACTION_NAMES = { advise: 'Advise', audit: 'Audit', estimate: 'Estimate' };

  /** While a call runs the last result is dimmed and marked stale, and the progress shows above it. */
  function showRunning(action) {
    const results = $('results');
    const stale = !!results.querySelector('.result');
    results.classList.toggle('stale', stale);
    results.setAttribute('aria-busy', 'true');
    $('run-banner-text').textContent = 'Running ' + action + '…' + (stale ? ' The result below is from the previous run.' : '');
    $('run-banner').hidden = false;
    $('result-error').hidden = true;
  }

  function showFailed(action, message) {
    const results = $('results');
    results.removeAttribute('aria-busy');
    $('run-banner').hidden = true;
    const stale = !!results.querySelector('.result');
    const box = $('result-error');
    box.textContent = ACTION_NAMES[action] + ' failed: ' + message + (stale ? '\nThe result below is from an earlier run, not from the scenario as it is now.' : '');
    box.hidden = false;
  }

  function showDone() {
    const results = $('results');
    results.classList.remove('stale');
    results.removeAttribute('aria-busy');
    $('run-banner').hidden = true;
    $('result-error').hidden = true;
  }

  async function run(action) {
    if (state.busy) return;
    clearErrors();
    setBusy(true);
    setStatus('Running ' + action + '…');
    showRunning(action);
    try {
      // the document must be the text's own, for the what-if controls and the comparison
      if (!(await syncFromText())) {
        const err = $('scenario-form').querySelector('.field-error:not([hidden])') || $('form-error');
        showFailed(action, err.textContent || 'the scenario text cannot be read.');
        setStatus('');
        return;
      }
      const text = $('scenario-text').value;
      const res = await R.post('/api/' + action, text);
      if (!res.ok) {
        const err = typeof res.data === 'object' ? res.data : { error: 'HTTP ' + res.status + ': ' + res.data };
        showError(err);
        showFailed(action, err.error || String(err));
        return;
      }
      state.lastAction = action;
      state.lastText = text;
      state.lastData = res.data;
      state.lastDoc = JSON.parse(JSON.stringify(state.doc));
      history.replaceState(null, '', permalink(action, text));
      const view = R.renderResult(action, res.data, tools(action, text, res.data),
        { doc: state.lastDoc, post: R.post, text });
      const host = R.clear($('results'));
      host.appendChild(view);
      view.afterInsert();
      showDone();
      renderCompare();
      setStatus(ACTION_NAMES[action] + ' done.');
      host.querySelector('h2').scrollIntoView({ block: 'nearest' });
    } catch (e) {
      showError({ error: 'The request failed: ' + e.message, field: null });
      showFailed(action, 'the request failed: ' + e.message);
    } finally {
      setBusy(false);
    }
  }

  // ---- comparison with a pinned run

  function pin(action, data) {
    state.pinned = { action, data, doc: state.lastDoc };
    renderCompare();
  }

  /** The pinned run, and its difference from the result shown when both are of the same action. */
  function renderCompare() {
    const host = R.clear($('compare-host'));
    const p = state.pinned;
    if (!p) return;
    const unpin = el('button', { type: 'button', class: 'small', id: 'unpin', text: 'Unpin' });
    unpin.addEventListener('click', () => { state.pinned = null; renderCompare(); });
    const current = state.lastData;
    if (current && current !== p.data && state.lastAction === p.action) {
      host.appendChild(R.renderCompare(p.action, p.data, current, unpin));
    } else {
      host.appendChild(el('div', { class: 'notice info', id: 'pinned-note' },
        el('strong', { text: 'Pinned for comparison: ' }), R.runLabel(p.action, p.data),
        '. Change the scenario (or the design) and run ' + p.action + ' again to see what changed. ', unpin));
    }
  }

  /** #run=advise&scenario=<base64url>: fills the form and runs the action. */
  async function fromPermalink() {
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    const encoded = params.get('scenario');
    if (!encoded) return false;
    let text;
    try {
      text = R.fromBase64Url(encoded);
    } catch (e) {
      showError({ error: 'The link\'s scenario cannot be read (it is not base64url-encoded UTF-8).', field: null });
      return true;
    }
    $('scenario-text').value = text;
    markCustom();
    const action = ['advise', 'audit', 'estimate'].includes(params.get('run')) ? params.get('run') : 'advise';
    await run(action);
    return true;
  }

  async function init() {
    const form = $('scenario-form');
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const action = ev.submitter && ev.submitter.dataset.action ? ev.submitter.dataset.action : 'advise';
      run(action);
    });
    $('scenario-text').addEventListener('change', () => { markCustom(); clearErrors(); syncFromText(); });
    $('scenario-text').addEventListener('input', () => markCustom());
    try {
      const [gpus, models, rulebases, schema] = await Promise.all([R.getJson('/api/catalog/gpus'),
        R.getJson('/api/catalog/models'), R.getJson('/api/compare'), R.getJson('/api/scenario/schema')]);
      state.schema = schema;
      state.rulebases = rulebases;
      state.gpus = gpus;
      state.models = models;
      buildFields();
      const presets = await loadPresets();
      if (!(await fromPermalink()) && presets.length) await choosePreset(presets[0].name);
      document.body.dataset.ready = 'true';
    } catch (e) {
      showError({ error: 'The page could not load its data: ' + e.message, field: null });
    }
  }

  window.addEventListener('hashchange', () => { if (!state.busy) fromPermalink(); });
  document.addEventListener('DOMContentLoaded', init);
})();
