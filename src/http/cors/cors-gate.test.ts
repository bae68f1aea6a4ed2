// The glue: withCors answers before the handler, decorates otherwise; corsRoutes wraps only below `under`;
// the allow-list administration keeps a refused change from touching the list.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createMemoryCorsStore } from '../../storage/memory/cors.js';
import { createHttpRoutes, type HttpContext } from '../http-routes.js';
import { corsRoutes, createCorsGate, withCors } from './cors-gate.js';
import { createCorsLists } from './cors-lists.js';
import { defaultAnswerSettings } from './cors-rules.js';

const ORIGIN = 'https://finesse.example.com:8445';
const ctx: HttpContext = { listener: 'https', isSecure: true, remoteAddress: '127.0.0.1', ownOrigin: 'https://parley.example.com:8445' };

function fakeReq(method: string, headers: Record<string, string>): IncomingMessage {
  return Object.assign(new PassThrough(), { method, headers, url: '/x' }) as unknown as IncomingMessage;
}
function fakeRes() {
  const set: Record<string, string> = {};
  const out = { status: 0, headers: {} as Record<string, string>, body: '' };
  const res = {
    setHeader: (k: string, v: string) => { set[k] = v; },
    writeHead(status: number, headers: Record<string, string>) { out.status = status; out.headers = { ...set, ...headers }; return res; },
    end(body?: string) { out.body = body ?? ''; },
  };
  return { res: res as unknown as ServerResponse, out, set };
}

function setup() {
  const store = createMemoryCorsStore();
  store.addOrigin('finesse', ORIGIN);
  store.setEnabled('finesse', true);
  return { store, gate: createCorsGate(store, defaultAnswerSettings()) };
}

describe('withCors', () => {
  it('answers a preflight without calling the handler', () => {
    const { gate } = setup();
    let called = false;
    const h = withCors(gate, 'finesse', () => { called = true; });
    const { res, out } = fakeRes();
    h(fakeReq('OPTIONS', { origin: ORIGIN, 'access-control-request-method': 'PUT' }), res, ctx);
    assert.equal(called, false);
    assert.equal(out.status, 200);
    assert.equal(out.headers['access-control-allow-origin'], ORIGIN);
  });
  it('sets the CORS headers and calls the handler for an allowed actual request', () => {
    const { gate } = setup();
    let called = false;
    const { res, set } = fakeRes();
    withCors(gate, 'finesse', () => { called = true; })(fakeReq('GET', { origin: ORIGIN }), res, ctx);
    assert.equal(called, true);
    assert.equal(set['access-control-allow-origin'], ORIGIN);
    assert.equal(set.vary, 'origin');
  });
  it('refuses another service\'s list and answers 403', () => {
    const { gate } = setup();
    const { res, out } = fakeRes();
    withCors(gate, 'livedata', () => assert.fail('not called'))(fakeReq('GET', { origin: ORIGIN }), res, ctx);
    assert.equal(out.status, 403);
    assert.equal(out.headers['access-control-allow-origin'], undefined);
  });
});

describe('corsRoutes', () => {
  it('wraps only the routes below `under`', () => {
    const { gate } = setup();
    const routes = createHttpRoutes();
    const calls: string[] = [];
    const view = corsRoutes(routes, gate, 'finesse', { under: '/finesse/api/' });
    view.prefix('/finesse/api/', () => calls.push('api'));
    view.prefix('/admin/api/sim/', () => calls.push('admin'));
    const evil = { origin: 'https://evil.example' };
    routes.find('/finesse/api/User/1')!(fakeReq('GET', evil), fakeRes().res, ctx);
    routes.find('/admin/api/sim/calls')!(fakeReq('GET', evil), fakeRes().res, ctx);
    assert.deepEqual(calls, ['admin'], 'the REST API refused the origin; the admin route is not CORS-managed');
  });
});

describe('createCorsLists', () => {
  it('adds all or nothing, refuses duplicates and a full list, explains absent deletes', () => {
    const store = createMemoryCorsStore();
    const lists = createCorsLists(store, { maxOriginsPerService: 3, maxAgeS: 600 });
    assert.equal(lists.add('livedata', ['https://a.example', 'nonsense']).ok, false);
    assert.deepEqual(store.origins('livedata'), []);
    assert.ok(lists.add('livedata', ['https://a.example', 'https://b.example:8445']).ok);
    const dup = lists.add('livedata', ['https://A.example/']);
    assert.equal(dup.ok, false);
    assert.equal(!dup.ok && dup.error, 'duplicate');
    const full = lists.add('livedata', ['https://c.example', 'https://d.example']);
    assert.equal(!full.ok && full.error, 'full');
    assert.deepEqual(store.origins('livedata'), ['https://a.example', 'https://b.example:8445']);
    const absent = lists.remove('livedata', 'https://b.example');
    assert.equal(!absent.ok && absent.error, 'absent');
    assert.match(!absent.ok ? absent.text ?? '' : '', /The list has https:\/\/b\.example:8445/);
    assert.equal(lists.setEnabled('livedata', true).changed, true);
    assert.equal(lists.setEnabled('livedata', true).changed, false);
    assert.match(lists.cacheReminder(), /600 seconds/);
  });
});
