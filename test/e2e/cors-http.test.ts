// CORS over real HTTPS, one table of behaviour rows (docs/cors.md "What the server answers") run against
// every CORS-managed route: the REST API mount (a test route wrapped with withCors, and /finesse/api/
// itself once it is mounted), BOSH and the WebSocket origin check.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { post, boshBody, type HttpResult } from '../helpers/bosh-client.js';
import { HandshakeRefused, TestWsClient } from '../helpers/ws-client.js';
import { withCors } from '../../src/http/cors/cors-gate.js';
import { DOCUMENT_ALLOW_METHODS, DEFAULT_ALLOW_HEADERS, PREFLIGHT_VARY } from '../../src/http/cors/cors-rules.js';
import type { CorsService } from '../../src/storage/stores.js';

const LISTED = 'https://finessep.uccelab.tac:8445';
const NO_PORT = 'https://finesses.uccelab.tac';
const OTHER = 'https://evil.example.com';
const BASIC = `Basic ${Buffer.from('1001001:agent').toString('base64')}`;
const DOCUMENT_EXPOSE = 'access-control-allow-origin,access-control-allow-credentials,access-control-max-age,access-control-allow-headers,access-control-allow-methods,access-control-allow-private-network';

let ts: TestServer;

interface Target {
  readonly name: string;
  readonly service: CorsService;
  readonly port: () => number;
  readonly path: string;
  /** The method of an actual request and its body. */
  readonly method: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

const targets: Target[] = [];

/** A REST-like resource: Basic authentication, then 200 JSON. Preflights must never reach it. */
function testResource(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  if (req.method === 'OPTIONS') {
    res.writeHead(299, { 'content-length': '0' }).end(); // marks an OPTIONS the CORS module let through
    return;
  }
  const outcome = ts.server.httpAuth.authenticate(req.headers.authorization);
  if (!outcome.ok) {
    res.writeHead(401, { 'www-authenticate': 'Basic realm="Parley"', 'content-type': 'text/plain' }).end('sign in\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
}

before(async () => {
  ts = await startTestServer();
  // These tests walk through the switch from off, as Cisco ships it (a fresh Parley install has it on).
  for (const service of ['finesse', 'notification', 'livedata'] as const) ts.server.stores.cors.setEnabled(service, false);
  ts.server.routes.prefix('/cors-test/', withCors(ts.server.cors.gate, 'finesse', testResource));
  const lists = ts.server.cors.lists;
  for (const s of ['finesse', 'notification'] as const) {
    assert.ok(lists.add(s, [LISTED, NO_PORT]).ok);
    lists.setEnabled(s, true);
  }
  assert.ok(lists.add('livedata', [LISTED]).ok); // listed, but CORS stays disabled
  const https = () => ts.ready.ports.https!;
  targets.push({ name: 'REST (withCors test route)', service: 'finesse', port: https, path: '/cors-test/api/User/1001001', method: 'PUT', body: '<User/>', headers: { authorization: BASIC, 'content-type': 'application/xml' } });
  if (ts.server.routes.find('/finesse/api/User/1001001')) {
    targets.push({ name: 'REST /finesse/api', service: 'finesse', port: https, path: '/finesse/api/SystemInfo', method: 'GET', body: '', headers: { authorization: BASIC } });
  }
  targets.push({ name: 'BOSH', service: 'notification', port: () => ts.ready.ports.notification!, path: '/http-bind', method: 'POST', body: boshBody({ sid: 'no-such-sid', rid: 7 }), headers: {} });
  targets.push({ name: 'BOSH on the https port', service: 'notification', port: https, path: '/http-bind/', method: 'POST', body: boshBody({ sid: 'no-such-sid', rid: 7 }), headers: {} });
});

after(async () => {
  await ts.stop();
});

function send(t: Target, o: { method?: string; origin?: string; acrm?: string; acrh?: string; pna?: boolean; headers?: Record<string, string>; body?: string }): Promise<HttpResult> {
  const method = o.method ?? t.method;
  const headers: Record<string, string> = { ...(method === 'OPTIONS' ? {} : t.headers), ...o.headers };
  if (o.origin !== undefined) headers.origin = o.origin;
  if (o.acrm !== undefined) headers['access-control-request-method'] = o.acrm;
  if (o.acrh !== undefined) headers['access-control-request-headers'] = o.acrh;
  if (o.pna) headers['access-control-request-private-network'] = 'true';
  return post({ port: t.port(), ca: ts.ready.ca, path: t.path, method, headers, body: o.body ?? (method === 'OPTIONS' ? '' : t.body) });
}

const corsHeaders = (r: HttpResult): string[] => Object.keys(r.headers).filter((h) => h.startsWith('access-control-')).sort();

interface Row {
  readonly name: string;
  readonly run: (t: Target) => Promise<void>;
}

const rows: Row[] = [
  {
    name: 'an allowed preflight gets 200 with the product document\'s headers, before authentication',
    async run(t) {
      const r = await send(t, { method: 'OPTIONS', origin: LISTED, acrm: 'PUT', acrh: 'authorization,content-type' });
      assert.equal(r.status, 200);
      assert.equal(r.text, '');
      assert.equal(r.headers['access-control-allow-origin'], LISTED);
      assert.equal(r.headers['access-control-allow-credentials'], 'true');
      assert.equal(r.headers['access-control-max-age'], '600');
      assert.equal(r.headers.vary, PREFLIGHT_VARY);
      const methods = String(r.headers['access-control-allow-methods']).split(',');
      for (const m of DOCUMENT_ALLOW_METHODS) assert.ok(methods.includes(m), m);
      const allowed = String(r.headers['access-control-allow-headers']).split(',');
      for (const h of DEFAULT_ALLOW_HEADERS) assert.ok(allowed.includes(h), h);
      assert.ok(String(r.headers['access-control-expose-headers']).startsWith(DOCUMENT_EXPOSE));
      assert.ok(r.headers.allow);
      assert.equal(r.headers['access-control-allow-private-network'], undefined, 'not asked');
      assert.equal(r.headers['www-authenticate'], undefined);
    },
  },
  {
    name: 'a preflight from an origin not on the list gets 403 without any access-control header, with Vary',
    async run(t) {
      for (const origin of [OTHER, `${NO_PORT}:8445`, `${LISTED}/`, 'null', 'https://FINESSEP.uccelab.tac:8445']) {
        const r = await send(t, { method: 'OPTIONS', origin, acrm: 'PUT' });
        assert.equal(r.status, 403, origin);
        assert.deepEqual(corsHeaders(r), [], origin);
        assert.equal(r.headers.vary, PREFLIGHT_VARY, origin);
      }
    },
  },
  {
    name: 'an OPTIONS without Access-Control-Request-Method from an allowed origin gets 200 with ACAO and ACAC, unauthenticated',
    async run(t) {
      const r = await send(t, { method: 'OPTIONS', origin: LISTED });
      assert.equal(r.status, 200);
      assert.equal(r.headers['access-control-allow-origin'], LISTED);
      assert.equal(r.headers['access-control-allow-credentials'], 'true');
      assert.equal(r.headers['access-control-max-age'], undefined, 'not treated as a preflight');
    },
  },
  {
    name: 'an OPTIONS without Access-Control-Request-Method from another origin gets 403',
    async run(t) {
      const r = await send(t, { method: 'OPTIONS', origin: OTHER });
      assert.equal(r.status, 403);
      assert.deepEqual(corsHeaders(r), []);
    },
  },
  {
    name: 'an OPTIONS without Origin is not CORS: the route answers it',
    async run(t) {
      const r = await send(t, { method: 'OPTIONS', acrm: 'PUT' });
      assert.ok([200, 299, 405].includes(r.status), String(r.status)); // the route's own answer (REST: 405)
      assert.deepEqual(corsHeaders(r), []);
      assert.match(String(r.headers.vary), /origin/i);
    },
  },
  {
    name: 'an actual request from an allowed origin carries ACAO, ACAC, expose-headers and Vary: origin',
    async run(t) {
      const r = await send(t, { origin: LISTED });
      assert.ok(r.status < 400, `${r.status} ${r.text.slice(0, 200)}`);
      assert.equal(r.headers['access-control-allow-origin'], LISTED);
      assert.equal(r.headers['access-control-allow-credentials'], 'true');
      assert.ok(r.headers['access-control-expose-headers']);
      assert.match(String(r.headers.vary), /\borigin\b/i);
    },
  },
  {
    name: 'an actual request from another origin gets 403 without ACAO, with Vary: origin',
    async run(t) {
      const r = await send(t, { origin: OTHER });
      assert.equal(r.status, 403);
      assert.deepEqual(corsHeaders(r), []);
      assert.equal(r.headers.vary, 'origin');
    },
  },
  {
    name: 'a request without Origin (not a browser) is answered as usual, without ACAO, with Vary: origin',
    async run(t) {
      const r = await send(t, {});
      assert.ok(r.status < 400, String(r.status));
      assert.deepEqual(corsHeaders(r), []);
      assert.match(String(r.headers.vary), /\borigin\b/i);
    },
  },
  {
    name: 'the listener\'s own origin is allowed without being listed',
    async run(t) {
      const own = `https://127.0.0.1:${t.port()}`;
      const r = await send(t, { method: 'OPTIONS', origin: own, acrm: 'PUT' });
      assert.equal(r.status, 200);
      assert.equal(r.headers['access-control-allow-origin'], own);
    },
  },
  {
    name: 'add and delete take effect on the next request; disable refuses listed origins',
    async run(t) {
      const lists = ts.server.cors.lists;
      const fresh = 'https://new.example.com:8445';
      assert.equal((await send(t, { method: 'OPTIONS', origin: fresh, acrm: 'PUT' })).status, 403);
      assert.ok(lists.add(t.service, [fresh]).ok);
      assert.equal((await send(t, { method: 'OPTIONS', origin: fresh, acrm: 'PUT' })).status, 200);
      lists.setEnabled(t.service, false);
      try {
        assert.equal((await send(t, { method: 'OPTIONS', origin: fresh, acrm: 'PUT' })).status, 403);
        assert.equal((await send(t, { origin: LISTED })).status, 403);
      } finally {
        lists.setEnabled(t.service, true);
      }
      assert.ok(lists.remove(t.service, fresh).ok);
      assert.equal((await send(t, { method: 'OPTIONS', origin: fresh, acrm: 'PUT' })).status, 403);
    },
  },
  {
    name: 'Private Network Access is not answered while cors.allowPrivateNetwork is off',
    async run(t) {
      const r = await send(t, { method: 'OPTIONS', origin: LISTED, acrm: 'GET', pna: true });
      assert.equal(r.status, 200);
      assert.equal(r.headers['access-control-allow-private-network'], undefined);
    },
  },
];

describe('CORS over HTTPS: every row for every route', () => {
  for (const row of rows) {
    it(row.name, async () => {
      assert.ok(targets.length >= 3);
      for (const t of targets) {
        try {
          await row.run(t);
        } catch (e) {
          (e as Error).message = `[${t.name}] ${(e as Error).message}`;
          throw e;
        }
      }
    });
  }

  it('lists are per service: the notification list does not admit an origin only on livedata, a disabled service admits none', async () => {
    const bosh = targets.find((t) => t.name === 'BOSH')!;
    assert.ok(ts.server.cors.lists.add('livedata', ['https://only-livedata.example.com']).ok);
    assert.equal((await send(bosh, { method: 'OPTIONS', origin: 'https://only-livedata.example.com', acrm: 'POST' })).status, 403);
    const gate = ts.server.cors.gate;
    assert.equal(gate.verdict('livedata', LISTED, 'https://localhost:1'), 'disabled');
  });
});

describe('CORS: Private Network Access when enabled', () => {
  it('answers Access-Control-Allow-Private-Network: true only when requested', async () => {
    const pna = await startTestServer({ cors: { allowPrivateNetwork: true, maxAgeS: 300 } });
    try {
      pna.server.cors.lists.add('notification', [LISTED]);
      pna.server.cors.lists.setEnabled('notification', true);
      const ask = (extra: Record<string, string>) => post({ port: pna.ready.ports.notification!, ca: pna.ready.ca, method: 'OPTIONS', headers: { origin: LISTED, 'access-control-request-method': 'POST', ...extra } });
      const yes = await ask({ 'access-control-request-private-network': 'true' });
      assert.equal(yes.headers['access-control-allow-private-network'], 'true');
      assert.equal(yes.headers['access-control-max-age'], '300');
      const no = await ask({});
      assert.equal(no.headers['access-control-allow-private-network'], undefined);
    } finally {
      await pna.stop();
    }
  });
});

describe('CORS: the WebSocket origin check uses the same lists', () => {
  const refused = (e: unknown) => e instanceof HandshakeRefused && e.status === 403;
  const connect = (origin?: string) => TestWsClient.connect({ port: ts.ready.ports.notification!, ca: ts.ready.ca, ...(origin === undefined ? {} : { origin }) });

  const cases: [string, string | undefined, boolean][] = [
    ['a listed origin', LISTED, true],
    ['no Origin (not a browser)', undefined, true],
    ['the listener\'s own origin', 'own', true],
    ['an origin not listed', OTHER, false],
    ['the listed host without its port', `${NO_PORT}:8445`, false],
    ['a trailing slash', `${LISTED}/`, false],
    ['null', 'null', false],
  ];
  for (const [name, origin, allowed] of cases) {
    it(`${allowed ? 'accepts' : 'refuses with 403'} ${name}`, async () => {
      const o = origin === 'own' ? `https://localhost:${ts.ready.ports.notification!}` : origin;
      if (allowed) (await connect(o)).destroy();
      else await assert.rejects(connect(o), refused);
    });
  }
  it('refuses a listed origin once notification CORS is disabled, accepts it again once enabled', async () => {
    ts.server.cors.lists.setEnabled('notification', false);
    try {
      await assert.rejects(connect(LISTED), refused);
    } finally {
      ts.server.cors.lists.setEnabled('notification', true);
    }
    (await connect(LISTED)).destroy();
  });
});
