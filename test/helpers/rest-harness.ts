// The Finesse REST API over real HTTPS against a scripted contact center: a full test server (stores,
// pubsub, XMPP, the shared authenticator, the tomcat certificate) plus a second HTTPS listener that
// serves only /finesse/api/ with a ScriptedContactCenter behind it. Tests drive calls and link state
// from the script and look at HTTP answers and pubsub events.
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { createHttpRoutes } from '../../src/http/http-routes.js';
import { createHttpsListener } from '../../src/http/https-listener.js';
import { silentLogger } from '../../src/shared/logger.js';
import { systemClock } from '../../src/shared/clock.js';
import { finesseWebServices } from '../../src/api/web-services.js';
import { ScriptedContactCenter } from '../../src/contact-center/testing/scripted-contact-center.js';
import { startTestServer, type TestServer } from './test-server.js';

export interface RestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RequestOptions {
  /** `id:password`; omitted → no Authorization header. */
  auth?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export interface RestHarness {
  ts: TestServer;
  cc: ScriptedContactCenter;
  port: number;
  request(method: string, path: string, opts?: RequestOptions): Promise<RestResponse>;
  stop(): Promise<void>;
}

export function httpsCall(port: number, ca: Buffer, method: string, path: string, opts: RequestOptions = {}): Promise<RestResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.auth !== undefined) headers.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/xml';
      headers['content-length'] = String(Buffer.byteLength(opts.body));
    }
    const req = httpsRequest({ host: '127.0.0.1', port, method, path, ca, servername: 'localhost', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

export async function startRestHarness(settings: Record<string, unknown> = {}): Promise<RestHarness> {
  const ts = await startTestServer(settings);
  const { server } = ts;
  const cc = new ScriptedContactCenter({ now: () => Date.now(), agentIds: server.stores.users.list().map((u) => u.id) });
  const routes = createHttpRoutes();
  finesseWebServices({
    routes, httpAuth: server.httpAuth, originPolicy: server.originPolicy, contactCenter: cc, stores: server.stores,
    pubsub: server.pubsub, clock: systemClock, log: silentLogger, fqdn: server.config.fqdn,
    dataDir: ts.data, settings: server.config.finesse, ports: ts.ready.ports,
  });
  const listener = createHttpsListener({ name: 'https', routes, tlsOptions: () => server.certs.secureContextOptions('tomcat'), log: silentLogger });
  const port = await listener.listen(0, '127.0.0.1');
  const ca = readFileSync(ts.ready.ca);
  return {
    ts, cc, port,
    request: (method, path, opts) => httpsCall(port, ca, method, path, opts),
    async stop() {
      await listener.close();
      await ts.stop();
    },
  };
}
