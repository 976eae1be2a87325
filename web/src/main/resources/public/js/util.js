/* Shared helpers: DOM building (text only, never markup from data), number formatting, API calls. */
(function () {
  'use strict';
  const R = (window.Ridgeline = window.Ridgeline || {});

  /**
   * Creates an element. attrs: plain attributes set with setAttribute (names are constants of this code, values
   * are text), plus 'class' and 'text'. children: nodes or strings (strings become text nodes).
   */
  R.el = function (tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'text') e.textContent = String(v);
        else if (k === 'class') e.className = v;
        else if (k.startsWith('on')) throw new Error('event handlers are attached with addEventListener');
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    R.append(e, ...children);
    return e;
  };

  R.append = function (parent, ...children) {
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      parent.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return parent;
  };

  R.clear = function (node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  };

  const SI = [[1e18, 'E'], [1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];

  /** A number with 4 significant digits and thousands separators; e-notation when very large or small. */
  R.num = function (v) {
    if (typeof v !== 'number') return String(v);
    if (!Number.isFinite(v)) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e15 || a < 1e-3)) return v.toExponential(3);
    if (Number.isInteger(v)) return v.toLocaleString('en-US');
    return v.toLocaleString('en-US', { maximumSignificantDigits: 4 });
  };

  /** A wall's name with its regime in brackets when it has one: "hbm_bandwidth (kv_bound)". */
  R.wallNamed = function (name, regime) {
    return regime ? name + ' (' + regime + ')' : name;
  };

  /** A value with a decimal SI prefix: 1.411e11 B -> "141.1 GB" (GB = 1e9 B). */
  R.si = function (v, unit) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return String(v) + ' ' + unit;
    const a = Math.abs(v);
    for (const [f, p] of SI) {
      if (a >= f) return (v / f).toLocaleString('en-US', { maximumSignificantDigits: 4 }) + ' ' + p + unit;
    }
    return R.num(v) + ' ' + unit;
  };

  /** A value in its unit, as the figures name units ("B", "ms", "FLOP/s", "USD", "ratio", ...). */
  R.value = function (v, unit) {
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    // a latency the server writes as null is that of a queue that grows without bound
    if (unit === 'ms' && v === null) return 'unbounded';
    if (typeof v !== 'number') return String(v);
    switch (unit) {
      case 'B': case 'B/s': case 'FLOP': case 'FLOP/s': case 'params': case 'tokens/s':
        return R.si(v, unit);
      case 'USD': return '$' + R.num(v);
      case 'ratio': case '': case undefined: case null: return R.num(v);
      default: return R.num(v) + ' ' + unit;
    }
  };

  /** The unit a snake_case key names: memory_bytes_per_gpu -> B, ttft_ms -> ms, step_time_s -> s. */
  R.unitOfKey = function (key) {
    if (/(^|_)bytes($|_per_gpu$|_total$|_per_token)/.test(key) || /_bytes_/.test(key)) {
      return /_per_s$/.test(key) ? 'B/s' : 'B';
    }
    if (/_ms$/.test(key)) return 'ms';
    if (/_s$/.test(key) && !/_per_s$/.test(key)) return 's';
    if (/_usd$/.test(key)) return 'USD';
    if (/flops_per_s$/.test(key)) return 'FLOP/s';
    if (/flops/.test(key)) return 'FLOP';
    if (/tokens_per_s/.test(key)) return 'tokens/s';
    if (/_days$/.test(key)) return 'days';
    if (/_params$/.test(key)) return 'params';
    return '';
  };

  /** The value at a dotted path of a document ('workload.prompt_tokens'), or undefined. */
  R.getPath = function (doc, path) {
    let v = doc;
    for (const k of path.split('.')) {
      if (v === null || typeof v !== 'object' || !(k in v)) return undefined;
      v = v[k];
    }
    return v;
  };

  /** Sets the value at a dotted path, making the mappings on the way. */
  R.setPath = function (doc, path, value) {
    const keys = path.split('.');
    let o = doc;
    for (const k of keys.slice(0, -1)) {
      if (o[k] === null || typeof o[k] !== 'object' || Array.isArray(o[k])) o[k] = {};
      o = o[k];
    }
    o[keys[keys.length - 1]] = value;
  };

  /**
   * Fits the data tables under root to narrow screens: each cell is labelled with its column's heading (shown
   * before it when rows stack, under 640 px) and each table sits in a box that scrolls sideways if it must.
   */
  R.fitTables = function (root) {
    for (const table of root.querySelectorAll('table.data')) {
      const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
      table.classList.add('stack');
      for (const tr of table.querySelectorAll('tbody tr')) {
        [...tr.children].forEach((td, i) => { if (heads[i]) td.dataset.label = heads[i]; });
      }
      if (!table.parentElement.classList.contains('table-wrap')) {
        const wrap = R.el('div', { class: 'table-wrap' });
        table.replaceWith(wrap);
        wrap.appendChild(table);
      }
    }
    return root;
  };

  /** POSTs scenario text; resolves to {ok, status, data} with data the parsed JSON (or text for Markdown). */
  R.post = async function (path, text, asText) {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/yaml; charset=utf-8', 'Accept': asText ? 'text/markdown' : 'application/json' },
      body: text,
    });
    const ct = res.headers.get('Content-Type') || '';
    const data = ct.includes('application/json') ? await res.json() : await res.text();
    return { ok: res.ok, status: res.status, data };
  };

  R.getJson = async function (path) {
    const res = await fetch(path, { headers: { 'Accept': 'application/json' } });
    const data = await res.json();
    if (!res.ok) throw new Error((data && data.error) || ('HTTP ' + res.status));
    return data;
  };

  /** Saves text as a file through a Blob link. */
  R.download = function (filename, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = R.el('a', { href: url, download: filename });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  /** UTF-8 text <-> base64url (RFC 4648 section 5, no padding). */
  R.toBase64Url = function (text) {
    const bytes = new TextEncoder().encode(text);
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };

  R.fromBase64Url = function (s) {
    const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  };
})();
