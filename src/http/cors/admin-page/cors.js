// The /cfadmin/cors page: lists and changes the allow-lists through /admin/api/cors/ and runs the quick
// check (POST /admin/api/cors/quickcheck). Text only through textContent: nothing from the server is
// parsed as HTML.
const API = '/admin/api/cors/';
const TITLES = {
  finesse: ['Finesse REST API and desktop', 'utils finesse cors'],
  notification: ['Notification service (BOSH, WebSocket)', 'utils notification cors'],
  livedata: ['Live Data (CUIC)', 'utils cuic cors'],
};

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) e.append(c);
  return e;
};

async function call(method, path, body) {
  const res = await fetch(API + path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await res.json(); } catch { /* empty */ }
  return { ok: res.ok, status: res.status, data };
}

function say(box, kind, text) {
  box.append(el('p', { className: kind, textContent: text }));
}

function renderService(service, state, maxAge) {
  const node = $('#service-template').content.firstElementChild.cloneNode(true);
  const [title, cli] = TITLES[service];
  node.dataset.service = service;
  $('.service-title', node).textContent = title;
  $('.cli', node).textContent = `${cli} …`;
  const badge = $('.state', node);
  badge.textContent = state.enabled ? 'enabled' : 'disabled';
  badge.classList.add(state.enabled ? 'on' : 'off');
  const toggle = $('.toggle', node);
  toggle.textContent = state.enabled ? 'Disable' : 'Enable';
  const messages = $('.messages', node);
  toggle.addEventListener('click', async () => {
    const r = await call('PUT', encodeURIComponent(service), { enabled: !state.enabled });
    if (!r.ok) return say(messages, 'error', r.data?.message ?? `HTTP ${r.status}`);
    await load(`${title}: CORS ${r.data.enabled ? 'enabled' : 'disabled'}. Browsers may cache a preflight for up to ${maxAge} s.`, service);
  });
  const list = $('.origins', node);
  $('.empty', node).hidden = state.origins.length > 0;
  for (const origin of state.origins) {
    const del = el('button', { type: 'button', textContent: 'Delete', title: `Delete ${origin}` });
    del.addEventListener('click', async () => {
      const r = await call('DELETE', `${encodeURIComponent(service)}/origins?origin=${encodeURIComponent(origin)}`);
      if (!r.ok) return say(messages, 'error', r.data?.message ?? `HTTP ${r.status}`);
      await load(`Deleted ${origin}. ${r.data.reminder}`, service);
    });
    list.append(el('li', {}, el('span', { textContent: origin }), del));
  }
  $('form.add', node).addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = ev.target.elements.origin;
    const r = await call('POST', `${encodeURIComponent(service)}/origins`, { origin: input.value });
    messages.replaceChildren();
    if (!r.ok) return say(messages, 'error', r.data?.message ?? `HTTP ${r.status}`);
    await load([`Added ${r.data.added.join(', ')}.`, ...r.data.notes, r.data.reminder].join(' '), service);
  });
  return node;
}

async function load(message, service) {
  const r = await call('GET', '');
  const box = $('#services');
  if (!r.ok) {
    $('#settings-line').textContent = r.data?.message ?? `Could not load the lists (HTTP ${r.status}).`;
    return;
  }
  const { settings, services } = r.data;
  $('#max-age').textContent = String(settings.maxAgeS);
  $('#settings-line').textContent = `Preflight answers: max-age ${settings.maxAgeS} s; Private Network Access ${settings.allowPrivateNetwork ? 'answered' : 'not answered'}; at most ${settings.maxOriginsPerService} origins per service.`;
  box.replaceChildren(...Object.keys(TITLES).map((s) => renderService(s, services[s], settings.maxAgeS)));
  if (message && service) say($(`[data-service="${service}"] .messages`), 'info', message);
}

function probeTable(title, p) {
  const rows = [];
  if (!p.sent) rows.push(['not sent', p.reason]);
  else {
    rows.push(['status', p.status === null ? p.error : `${p.status}${p.location ? ` → ${p.location}` : ''} (${p.durationMs} ms)`]);
    for (const [k, v] of Object.entries(p.headers)) rows.push([k, v]);
  }
  return el('div', {}, el('h3', { textContent: title }),
    el('table', {}, ...rows.map(([k, v]) => el('tr', {}, el('th', { textContent: k }), el('td', { textContent: v })))));
}

function showResult(r) {
  const box = $('#qc-result');
  box.hidden = false;
  const badge = $('.badge', box);
  badge.className = `badge ${r.verdict}`;
  badge.textContent = r.verdict.toUpperCase();
  $('.summary', box).textContent = r.summary;
  $('.console-box', box).hidden = !r.consoleMessage;
  $('.console', box).textContent = r.consoleMessage ?? '';
  $('.probes', box).replaceChildren(probeTable('Preflight (OPTIONS)', r.preflight), probeTable(`Actual request (${r.request.method})`, r.actual));
  $('.findings', box).replaceChildren(...r.findings.map((f) => el('li', { className: f.severity },
    el('span', { className: 'sev', textContent: f.severity }), el('span', { textContent: f.message }),
    ...(f.hint ? [el('span', { className: 'hint', textContent: `→ ${f.hint}` })] : []))));
}

function setupQuickCheck() {
  const form = $('#quickcheck');
  const sync = () => {
    const isUrl = form.elements.target.value === 'url';
    for (const l of form.querySelectorAll('.for-service')) l.hidden = isUrl;
    $('.for-url', form).hidden = !isUrl;
  };
  form.elements.target.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = form.elements;
    const body = { credentials: f.credentials.value };
    if (f.target.value === 'url') body.url = f.url.value.trim();
    else {
      body.service = f.target.value;
      if (f.host.value.trim()) body.host = f.host.value.trim();
      if (f.port.value) body.port = Number(f.port.value);
    }
    if (f.origin.value.trim()) body.origin = f.origin.value.trim();
    if (f.method.value.trim()) body.method = f.method.value.trim();
    const headers = f.headers.value.split('\n').map((h) => h.trim()).filter(Boolean);
    if (headers.length) body.headers = headers;
    const button = $('button[type=submit]', form);
    button.disabled = true;
    try {
      const r = await call('POST', 'quickcheck', body);
      if (!r.ok) {
        showResult({ verdict: 'fail', summary: r.data?.message ?? `HTTP ${r.status}`, consoleMessage: null,
          request: { method: body.method ?? '' }, preflight: { sent: false, reason: 'bad input' }, actual: { sent: false, reason: 'bad input' }, findings: [] });
        return;
      }
      showResult(r.data);
    } finally {
      button.disabled = false;
    }
  });
}

setupQuickCheck();
load();
