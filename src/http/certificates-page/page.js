// OS Administration › Security › Certificate Management. Talks only to /admin/api/certs/…; every value
// from a certificate is inserted as text (never as HTML).
'use strict';
(function () {
  const API = '/admin/api/certs';
  const SERVICES = ['tomcat', 'notification', 'cti-server', 'cti-client'];
  const KEY_TYPES = ['RSA-2048', 'RSA-3072', 'RSA-4096', 'P-256', 'P-384'];
  const $ = (sel) => document.querySelector(sel);
  let data = { stores: [], expiry: [] };

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  function status(text, isError) {
    const s = $('#status');
    s.textContent = text || '';
    s.className = 'status' + (isError ? ' error' : '');
  }
  async function api(path, init) {
    const res = await fetch(API + path, Object.assign({ credentials: 'same-origin' }, init || {}));
    const type = res.headers.get('content-type') || '';
    const body = type.includes('json') ? await res.json() : await res.text();
    return { ok: res.ok, status: res.status, body };
  }
  function level(days) { return days < 0 ? 'expired' : days <= 7 ? 'warn-7' : days <= 30 ? 'warn-30' : 'ok'; }
  const cn = (subject) => { const m = /(?:^|,\s*)CN=([^,]+)/.exec(subject); return m ? m[1] : subject; };
  const date = (iso) => String(iso).slice(0, 10);
  const sanText = (san) => san.startsWith('dns:') ? san.slice(4) : san.startsWith('ip:') ? 'IP ' + san.slice(3) : san;
  function kindOf(store, c) {
    if (c.builtIn) return el('span', {}, 'CA ', el('span', { class: 'tag' }, 'local, built in'));
    if (c.role === 'chain') return 'intermediate (served)';
    if (c.role === 'identity') return c.selfSigned ? 'identity, self-signed' : 'identity';
    return c.isCa ? (c.selfSigned ? 'root CA' : 'intermediate CA') : 'trusted peer';
  }

  function fillSelects() {
    for (const s of document.querySelectorAll('.service-select')) for (const v of SERVICES) s.append(el('option', { value: v }, v));
    for (const s of document.querySelectorAll('.store-select')) for (const v of SERVICES.flatMap((x) => [x, x + '-trust'])) s.append(el('option', { value: v }, v));
    for (const s of document.querySelectorAll('.key-select')) {
      const legacy = s.querySelector('option');
      for (const v of KEY_TYPES) s.insertBefore(el('option', { value: v }, v + (v === 'RSA-2048' ? ' (default)' : '')), legacy);
      s.value = 'RSA-2048';
    }
  }

  function render() {
    const q = ($('#filter').value || '').toLowerCase();
    const rows = $('#rows');
    rows.replaceChildren();
    for (const store of data.stores) {
      const certs = store.certificates.filter((c) => !q || [store.store, c.subject, c.issuer, c.sans.join(' ')].join(' ').toLowerCase().includes(q));
      if (q && certs.length === 0) continue;
      rows.append(el('tr', { class: 'group' }, el('td', { colspan: '8' }, store.store, ' ', el('span', { class: 'muted' }, '— ' + store.description))));
      for (const p of store.problems) rows.append(el('tr', {}, el('td', {}), el('td', { colspan: '7', class: 'status error' }, p)));
      if (store.pendingCsr) {
        rows.append(el('tr', {}, el('td', {}), el('td', { colspan: '7', class: 'muted' },
          'Pending CSR: ' + store.pendingCsr.subject + ' (' + store.pendingCsr.sans.join(', ') + '), generated ' + date(store.pendingCsr.created) + ' — the key stays on the server.')));
      }
      if (certs.length === 0) rows.append(el('tr', {}, el('td', {}), el('td', { colspan: '7', class: 'muted' }, 'No certificates.')));
      for (const c of certs) {
        const lv = level(c.daysLeft);
        const which = c.file || c.fingerprint256;
        const actions = el('td', { class: 'nowrap' },
          el('a', { href: API + '/' + encodeURIComponent(store.store) + '/pem?which=' + encodeURIComponent(which), download: '' }, '.pem'));
        if (c.role === 'identity' && store.certificates.some((x) => x.role === 'chain')) {
          actions.append(' ', el('a', { href: API + '/' + encodeURIComponent(store.store) + '/pem?which=chain', download: '' }, 'chain'));
        }
        if (store.kind === 'trust' && !c.builtIn) {
          actions.append(' ', el('button', { type: 'button', class: 'link danger', onclick: () => removeTrust(store.store, c) }, 'Delete'));
        }
        rows.append(el('tr', {},
          el('td', { class: 'nowrap' }, kindOf(store, c)),
          el('td', { class: 'subject', title: c.subject }, cn(c.subject),
            el('div', { class: 'muted mono', title: 'serial ' + c.serial }, 'serial ' + (c.serial.length > 20 ? c.serial.slice(0, 20) + '…' : c.serial))),
          el('td', { class: 'nowrap' }, c.keyType + '-' + c.keySize),
          el('td', { class: 'sans' }, c.sans.map(sanText).join(', ') || '—'),
          el('td', { class: 'subject', title: c.issuer }, cn(c.issuer)),
          el('td', { class: 'nowrap' }, date(c.notAfter)),
          el('td', {}, el('span', { class: 'badge ' + lv }, lv === 'expired' ? 'expired' : String(c.daysLeft))),
          actions));
      }
    }
    const summary = $('#summary');
    summary.replaceChildren();
    const count = (l) => data.expiry.filter((r) => r.level === l).length;
    for (const [label, n] of [['certificates', data.expiry.length], ['expire ≤ 30 days', count('warn-30')], ['expire ≤ 7 days', count('warn-7')], ['expired', count('expired')]]) {
      summary.append(el('div', { class: 'card' }, el('div', { class: 'n' }, String(n)), el('div', { class: 'l' }, label)));
    }
  }

  async function load() {
    const r = await api('');
    if (!r.ok) { status((r.body && r.body.message) || 'Could not load the certificates (' + r.status + ').', true); return; }
    data = r.body;
    const own = data.stores.find((s) => s.store === 'tomcat');
    const id = own && own.certificates[0];
    $('#node').textContent = id ? 'Node ' + cn(id.subject) : '';
    render();
  }

  function showResult(title, ok, lines, pem) {
    $('#result-title').textContent = title;
    const body = $('#result-body');
    body.replaceChildren(el('p', { class: ok ? '' : 'err' }, ok ? 'Success.' : 'Refused; nothing changed.'));
    const list = el('ul');
    for (const [cls, text] of lines) list.append(el('li', { class: cls }, text));
    if (lines.length) body.append(list);
    if (pem) body.append(el('pre', {}, pem));
    $('#result-dialog').showModal();
  }

  function formValues(form) {
    const out = {};
    for (const [k, v] of new FormData(form).entries()) out[k] = v;
    return out;
  }

  async function removeTrust(store, c) {
    if (!confirm('Delete ' + c.subject + ' from ' + store + '?')) return;
    const r = await api('/' + encodeURIComponent(store) + '/' + encodeURIComponent(c.file), { method: 'DELETE' });
    status(r.ok ? 'Deleted ' + cn(c.subject) + ' from ' + store + '.' : (r.body.message || 'Delete failed'), !r.ok);
    await load();
  }

  function onSubmit(id, handler) {
    const form = $(id);
    form.addEventListener('submit', (ev) => {
      if (ev.submitter && ev.submitter.value === 'cancel') return;
      ev.preventDefault();
      form.closest('dialog').close();
      handler(form).catch((e) => status(String(e), true)).finally(load);
    });
  }

  onSubmit('#regen-form', async (form) => {
    const v = formValues(form);
    status('Generating…');
    const r = await api('/' + v.service + '/regenerate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ keyType: v.keyType, selfSigned: v.selfSigned === 'on' }) });
    status('');
    showResult('Generate ' + v.service, r.ok, r.ok ? [['', 'New certificate serial ' + r.body.certificate.serial + ' is active; the listeners reloaded (no restart).']] : [['err', r.body.message]]);
  });

  onSubmit('#csr-form', async (form) => {
    const v = formValues(form);
    const body = { keyType: v.keyType, allowLegacyRsa1024: v.allowLegacyRsa1024 === 'on', extraNames: String(v.extraNames || '').split(/\s+/).filter(Boolean) };
    for (const k of ['commonName', 'organizationalUnit', 'organization', 'locality', 'state', 'country', 'email', 'parentDomain']) if (v[k]) body[k] = v[k];
    status('Generating the key and the CSR…');
    const r = await api('/' + v.service + '/csr', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    status('');
    if (!r.ok) return showResult('Generate CSR', false, [['err', r.body.message]]);
    showResult('Generate CSR for ' + v.service, true, [['', 'SAN: ' + r.body.sans.join(', ')], ...r.body.warnings.map((w) => ['wrn', w]), ['', 'The private key stays on the server. Use Download CSR, have it signed, then upload the certificate.']], r.body.csrPem);
  });

  onSubmit('#download-csr-form', async (form) => {
    const v = formValues(form);
    const r = await api('/' + v.service + '/csr');
    if (!r.ok) return showResult('Download CSR', false, [['err', r.body.message]]);
    const a = el('a', { href: URL.createObjectURL(new Blob([r.body], { type: 'application/x-pem-file' })), download: v.service + '.csr' });
    document.body.append(a); a.click(); a.remove();
  });

  onSubmit('#upload-form', async (form) => {
    const v = formValues(form);
    const file = form.elements.file.files[0];
    if (!file) return;
    const trust = v.store.endsWith('-trust');
    const service = trust ? v.store.slice(0, -6) : v.store;
    const q = '?kind=' + (trust ? 'trust' : 'own') + (v.dryRun === 'on' ? '&dryRun=1' : '') + (v.peer === 'on' ? '&peer=1' : '');
    const headers = { 'content-type': 'application/octet-stream' };
    if (v.password) headers['x-pkcs12-password'] = v.password;
    status('Uploading and checking…');
    const r = await api('/' + service + '/import' + q, { method: 'POST', headers, body: file });
    status('');
    const rep = r.body;
    if (!rep || !Array.isArray(rep.errors)) return showResult('Upload', false, [['err', (rep && rep.message) || 'Upload failed (' + r.status + ')']]);
    const lines = [
      ...rep.errors.map((e) => ['err', e.message]),
      ...rep.warnings.map((w) => ['wrn', w.message]),
      ...(rep.chain.length ? [['', 'Chain: ' + rep.chain.join(' → ')]] : []),
      ...rep.added.map((a) => ['', (rep.dryRun ? 'Would add ' : 'Added ') + a]),
      ...rep.replaced.map((a) => ['', (rep.dryRun ? 'Would replace ' : 'Replaced ') + a]),
    ];
    if (rep.ok && rep.dryRun) lines.unshift(['', 'Dry run: the upload would be accepted; nothing changed.']);
    if (rep.activated) lines.unshift(['', 'Active now: serial ' + rep.activated.serial + '; the listeners reloaded.']);
    showResult('Upload to ' + v.store, rep.ok, lines);
  });

  for (const b of document.querySelectorAll('[data-open]')) b.addEventListener('click', () => $('#' + b.dataset.open).showModal());
  $('#filter').addEventListener('input', render);
  fillSelects();
  load();
})();
