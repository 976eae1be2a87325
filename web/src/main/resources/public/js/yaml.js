/* Writes a JSON document as block YAML, for the scenario text box after a form field changes. */
(function () {
  'use strict';
  const R = (window.Ridgeline = window.Ridgeline || {});

  const PLAIN = /^[A-Za-z_][A-Za-z0-9_.\-\/]*$/;
  const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

  function scalar(v) {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    const s = String(v);
    if (PLAIN.test(s) && !RESERVED.test(s)) return s;
    return JSON.stringify(s); // a YAML double-quoted scalar
  }

  function key(k) {
    return PLAIN.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k);
  }

  function isScalar(v) {
    return v === null || typeof v !== 'object';
  }

  function write(v, indent, out) {
    const pad = '  '.repeat(indent);
    if (Array.isArray(v)) {
      for (const item of v) {
        if (isScalar(item)) out.push(pad + '- ' + scalar(item));
        else if (Array.isArray(item) || Object.keys(item).length === 0) out.push(pad + '- ' + JSON.stringify(item));
        else {
          const lines = [];
          write(item, indent + 1, lines);
          out.push(pad + '- ' + lines[0].trimStart());
          for (const l of lines.slice(1)) out.push(l);
        }
      }
      return;
    }
    for (const [k, val] of Object.entries(v)) {
      if (isScalar(val)) out.push(pad + key(k) + ': ' + scalar(val));
      else if (Array.isArray(val) && (val.length === 0 || val.every(isScalar))) {
        out.push(pad + key(k) + ': [' + val.map(scalar).join(', ') + ']');
      } else if (!Array.isArray(val) && Object.keys(val).length === 0) {
        out.push(pad + key(k) + ': {}');
      } else {
        out.push(pad + key(k) + ':');
        write(val, indent + 1, out);
      }
    }
  }

  /** The document as YAML text ending in a newline. */
  R.toYaml = function (doc) {
    const out = [];
    write(doc, 0, out);
    return out.join('\n') + '\n';
  };
})();
