// The server a browser test drives. 'real': the in-process Parley (test/helpers/test-server.ts) with
// its own contact center and call simulator, the desktop on its https port. 'scripted': the same
// server's notification service and stores, plus one more HTTPS listener serving the desktop, /ws and
// the REST API over a ScriptedContactCenter (for UI work while the CTI path is not there).
import { createHttpRoutes } from '../../src/http/http-routes.js';
import { createHttpsListener } from '../../src/http/https-listener.js';
import { silentLogger } from '../../src/shared/logger.js';
import { systemClock } from '../../src/shared/clock.js';
import { finesseWebServices } from '../../src/api/web-services.js';
import { websocketFeature } from '../../src/xmpp/transport/websocket/ws-handler.js';
import { desktopFeature } from '../../src/desktop/desktop-feature.js';
import { ScriptedContactCenter } from '../../src/contact-center/testing/scripted-contact-center.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

export interface DesktopHarness {
  ts: TestServer;
  /** Origin the browser opens, e.g. https://localhost:12345 */
  origin: string;
  /** Offers an inbound call to the agent (scripted) or to the queue (real). */
  offerCall(agentId: string, ani: string, callVariables?: { name: string; value: string }[]): Promise<void>;
  scripted: ScriptedContactCenter | undefined;
  stop(): Promise<void>;
}

export async function startDesktopHarness(mode: 'real' | 'scripted', settings: Record<string, unknown> = {}): Promise<DesktopHarness> {
  const ts = await startTestServer(settings);
  const server = ts.server;
  if (mode === 'real') {
    return {
      ts, origin: `https://localhost:${ts.ready.ports.https}`, scripted: undefined,
      async offerCall(_agentId, ani, callVariables) {
        const r = server.callSimulator.offerCall({ queueId: '1', ani, ...(callVariables ? { callVariables } : {}) });
        if (!r.ok) throw new Error(`offerCall failed: ${r.failure.errorMessage}`);
      },
      stop: () => ts.stop(),
    };
  }
  const cc = new ScriptedContactCenter({ now: () => Date.now(), agentIds: server.stores.users.list().map((u) => u.id) });
  const routes = createHttpRoutes();
  finesseWebServices({
    routes, httpAuth: server.httpAuth, originPolicy: server.originPolicy, contactCenter: cc, stores: server.stores,
    pubsub: server.pubsub, clock: systemClock, log: silentLogger, fqdn: server.config.fqdn,
    dataDir: ts.data, settings: server.config.finesse, ports: ts.ready.ports,
  });
  desktopFeature({ routes, auth: server.httpAuth, dataDir: ts.data, log: silentLogger });
  websocketFeature({ routes, notification: server.notification, originPolicy: server.originPolicy, config: server.config, log: silentLogger });
  const listener = createHttpsListener({ name: 'https', routes, tlsOptions: () => server.certs.secureContextOptions('tomcat'), log: silentLogger });
  const port = await listener.listen(0, '127.0.0.1');
  return {
    ts, origin: `https://localhost:${port}`, scripted: cc,
    async offerCall(agentId, ani, callVariables) {
      cc.offerCall(agentId, { ani, queueId: '1', queueName: 'Sales', ...(callVariables ? { callVariables } : {}) });
    },
    async stop() { await listener.close(); await ts.stop(); },
  };
}
