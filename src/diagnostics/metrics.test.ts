import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsRegistry, escapeLabelValue, formatValue } from './metrics.js';
import { createParleyMetrics } from './parley-metrics.js';

describe('MetricsRegistry (text format 0.0.4)', () => {
  it('renders counters with labels, HELP and TYPE lines', () => {
    const r = new MetricsRegistry();
    const c = r.counter('x_total', 'Things\nwith a \\ backslash');
    c.inc({ code: '200' });
    c.inc({ code: '200' }, 2);
    c.inc({ code: 'a"b\n' });
    c.inc({}, -5); // ignored: counters only go up
    assert.equal(r.render(), [
      '# HELP x_total Things\\nwith a \\\\ backslash',
      '# TYPE x_total counter',
      'x_total{code="200"} 3',
      'x_total{code="a\\"b\\n"} 1',
      '',
    ].join('\n'));
  });
  it('renders cumulative histogram buckets, +Inf, sum and count', () => {
    const r = new MetricsRegistry();
    const h = r.histogram('lat_seconds', 'Latency', [0.1, 1]);
    h.observe(0.05);
    h.observe(0.5);
    h.observe(3);
    h.observe(NaN); // ignored
    assert.equal(r.render(), [
      '# HELP lat_seconds Latency', '# TYPE lat_seconds histogram',
      'lat_seconds_bucket{le="0.1"} 1', 'lat_seconds_bucket{le="1"} 2', 'lat_seconds_bucket{le="+Inf"} 3',
      'lat_seconds_sum 3.55', 'lat_seconds_count 3', '',
    ].join('\n'));
  });
  it('reads gauges at scrape time; an undefined or throwing gauge is left out', () => {
    const r = new MetricsRegistry();
    let n = 1;
    r.gauge('g', 'G', () => n);
    r.gauge('absent', 'A', () => undefined);
    r.gauge('broken', 'B', () => { throw new Error('x'); });
    n = 7;
    assert.equal(r.render(), '# HELP g G\n# TYPE g gauge\ng 7\n');
  });
  it('refuses bad names and duplicates', () => {
    const r = new MetricsRegistry();
    assert.throws(() => r.counter('bad-name', ''));
    r.counter('ok', '');
    assert.throws(() => r.counter('ok', ''));
    assert.throws(() => r.counter('y', '').inc({ 'bad-label': 'x' }));
  });
  it('formats special values', () => {
    assert.equal(formatValue(Infinity), '+Inf');
    assert.equal(formatValue(NaN), 'NaN');
    assert.equal(escapeLabelValue('a\\b'), 'a\\\\b');
  });
});

describe('createParleyMetrics', () => {
  it('exposes sessions per transport, pubsub counters and latency, CTI link, certificates, HTTP codes', () => {
    let link: { state: string; side: 'A' | 'B' | null } | undefined;
    const m = createParleyMetrics({
      sessions: () => ({ tcp: 1, bosh: 2, websocket: 0 }),
      ctiLink: () => link,
      certificateDaysLeft: () => [{ store: 'tomcat', days: 820 }],
      startedAtMs: 1_700_000_000_000,
    });
    m.pubsub.published('/finesse/api/User/1001001', 1);
    m.pubsub.delivered(0.0003);
    m.httpResponse('https', 200);
    m.httpResponse('https', 200);
    m.httpResponse('notification', 404);
    let text = m.render();
    assert.match(text, /^parley_xmpp_sessions\{transport="bosh"\} 2$/m);
    assert.match(text, /^parley_pubsub_events_published_total 1$/m);
    assert.match(text, /^parley_pubsub_notifications_delivered_total 1$/m);
    assert.match(text, /^parley_pubsub_delivery_seconds_bucket\{le="0.0005"\} 1$/m);
    assert.match(text, /^parley_certificate_days_left\{store="tomcat"\} 820$/m);
    assert.match(text, /^parley_http_responses_total\{listener="https",code="200"\} 2$/m);
    assert.match(text, /^parley_start_time_seconds 1700000000$/m);
    assert.doesNotMatch(text, /parley_cti_link_up/, 'no link yet: left out');
    link = { state: 'OUT_OF_SERVICE', side: null };
    text = m.render();
    assert.match(text, /^parley_cti_link_up\{side=""\} 0$/m);
  });
});
