// Parley Live Data page: connects to wss://<this host>/livedata/stream, signs in with an `auth` message,
// subscribes to the three reports and keeps the tables current in place (rows are updated, never
// re-rendered wholesale, so nothing flickers). Time in state ticks locally every second.
(function () {
  'use strict';
  var rows = { agents: new Map(), teams: new Map(), queues: new Map() };
  var sort = { agents: { key: 'name', dir: 1 }, teams: { key: 'name', dir: 1 }, queues: { key: 'name', dir: 1 } };
  var depth = []; // [time, total calls waiting] for the chart, last hour
  var ws = null;
  var auth = null;
  var retry = 1000;

  function $(id) { return document.getElementById(id); }
  function status(text, on) { var s = $('status'); s.textContent = text; s.className = 'status ' + (on ? 'on' : 'off'); }
  function mmss(ms) {
    if (ms == null || ms < 0) return '';
    var s = Math.floor(ms / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h ? h + ':' + String(m).padStart(2, '0') : String(m)) + ':' + String(r).padStart(2, '0');
  }

  function cells(report, row, now) {
    if (report === 'agents') {
      var call = row.call ? row.call.state + ' ' + row.call.from + ' → ' + row.call.to : '';
      return [[row.name], [row.teamName || ''], [row.state, 'state-' + row.state], [mmss(row.stateSince == null || row.state === 'LOGOUT' ? null : now - row.stateSince), 'num tick'], [row.reasonCode == null ? '' : String(row.reasonCode), 'num'], [call]];
    }
    if (report === 'teams') return [[row.name], [row.signedIn, 'num'], [row.ready, 'num'], [row.notReady, 'num'], [row.talking, 'num'], [row.wrapUp, 'num'], [row.reserved, 'num']];
    return [[row.name], [row.callsWaiting, 'num'], [mmss(row.longestWaitingSince == null ? null : now - row.longestWaitingSince), 'num tick'],
      [row.agentsReady, 'num'], [row.agentsNotReady, 'num'], [row.agentsTalking, 'num'], [row.agentsWrapUp, 'num'],
      [row.handledToday, 'num'], [row.abandonedToday, 'num'], [row.serviceLevelPct == null ? '—' : row.serviceLevelPct.toFixed(0) + ' %', 'num']];
  }

  function paint(report, tr, row) {
    var now = Date.now();
    var cs = cells(report, row, now);
    while (tr.children.length < cs.length) tr.appendChild(document.createElement('td'));
    for (var i = 0; i < cs.length; i++) {
      var td = tr.children[i], text = String(cs[i][0]), cls = cs[i][1] || '';
      if (td.textContent !== text) td.textContent = text;
      if (td.className !== cls) td.className = cls;
    }
  }

  function render(report) {
    var body = $(report).tBodies[0];
    var s = sort[report];
    var list = Array.from(rows[report].values()).sort(function (a, b) {
      var x = a.data[s.key], y = b.data[s.key];
      if (x && typeof x === 'object') { x = JSON.stringify(x); y = JSON.stringify(y); }
      if (x == null) return 1; if (y == null) return -1;
      return (x < y ? -1 : x > y ? 1 : 0) * s.dir;
    });
    list.forEach(function (r, i) { if (body.children[i] !== r.tr) body.insertBefore(r.tr, body.children[i] || null); });
    while (body.children.length > list.length) body.removeChild(body.lastChild);
  }

  function upsert(report, data) {
    var r = rows[report].get(data.id);
    if (!r) { r = { tr: document.createElement('tr'), data: data }; r.tr.dataset.id = data.id; rows[report].set(data.id, r); }
    r.data = data;
    paint(report, r.tr, data);
  }

  function chart() {
    var total = 0;
    rows.queues.forEach(function (r) { total += r.data.callsWaiting; });
    var now = Date.now();
    depth.push([now, total]);
    while (depth.length && depth[0][0] < now - 3600000) depth.shift();
    var max = Math.max(1, Math.max.apply(null, depth.map(function (d) { return d[1]; })));
    var pts = depth.map(function (d) { return ((d[0] - (now - 3600000)) / 3600000 * 600).toFixed(1) + ',' + (115 - d[1] / max * 105).toFixed(1); }).join(' ');
    $('chart').innerHTML = '<polyline points="' + pts + '"></polyline><text x="4" y="12" font-size="10" fill="#4a5866">max ' + max + '</text>';
  }

  function onMessage(ev) {
    var m; try { m = JSON.parse(ev.data); } catch (e) { return; }
    if (m.type === 'ready') { status('Connected as ' + m.user, true); retry = 1000; ['queues', 'teams', 'agents'].forEach(function (r) { ws.send(JSON.stringify({ type: 'subscribe', report: r })); }); return; }
    if (m.type === 'snapshot') { rows[m.report].clear(); $(m.report).tBodies[0].textContent = ''; m.rows.forEach(function (row) { upsert(m.report, row); }); render(m.report); if (m.report === 'queues') chart(); return; }
    if (m.type === 'update') {
      m.rows.forEach(function (row) { upsert(m.report, row); });
      (m.removed || []).forEach(function (id) { var r = rows[m.report].get(id); if (r) { r.tr.remove(); rows[m.report].delete(id); } });
      render(m.report); if (m.report === 'queues') chart(); return;
    }
    if (m.type === 'error') status('Error: ' + m.message, false);
  }

  function connect() {
    ws = new WebSocket('wss://' + location.host + '/livedata/stream');
    ws.onopen = function () { ws.send(JSON.stringify({ type: 'auth', authorization: auth })); };
    ws.onmessage = onMessage;
    ws.onclose = function (ev) {
      status('Disconnected' + (ev.reason ? ': ' + ev.reason : '') + ' — reconnecting…', false);
      if (/unauthorized|locked/.test(ev.reason)) { $('signin').hidden = false; $('signin-error').hidden = false; $('signin-error').textContent = ev.reason; return; }
      setTimeout(connect, retry); retry = Math.min(retry * 2, 30000);
    };
  }

  $('signin').addEventListener('submit', function (e) {
    e.preventDefault();
    auth = 'Basic ' + btoa(unescape(encodeURIComponent($('user').value + ':' + $('password').value)));
    $('signin').hidden = true; $('reports').hidden = false; $('signin-error').hidden = true;
    connect();
  });
  Array.prototype.forEach.call(document.querySelectorAll('th[data-key]'), function (th) {
    th.addEventListener('click', function () {
      var report = th.closest('table').dataset.report, s = sort[report];
      s.dir = s.key === th.dataset.key ? -s.dir : 1; s.key = th.dataset.key;
      Array.prototype.forEach.call(th.parentNode.children, function (o) { o.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', s.dir > 0 ? 'ascending' : 'descending');
      render(report);
    });
  });
  setInterval(function () { ['agents', 'queues'].forEach(function (r) { rows[r].forEach(function (x) { paint(r, x.tr, x.data); }); }); }, 1000);
})();
