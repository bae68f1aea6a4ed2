// CORS management wired together (issue 7, docs/cors.md): the gate every browser-facing route goes
// through, the allow-lists, the CLI words, the admin API under /admin/api/cors/, the admin page
// /cfadmin/cors and the quick check. server.ts builds it once and hands the gate to BOSH, WebSocket,
// the REST API and Live Data.
import { readFileSync } from 'node:fs';
import type { HttpAuthenticator } from '../../auth/http-auth.js';
import type { CorsConfig, PortsConfig } from '../../config/schema.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { CorsStore } from '../../storage/stores.js';
import type { HttpRoutes } from '../http-routes.js';
import { corsAdminApi, CORS_API_PREFIX } from './cors-admin-api.js';
import { corsCommands } from './cors-commands.js';
import { createCorsGate, type CorsGate } from './cors-gate.js';
import { createCorsLists, type CorsLists } from './cors-lists.js';
import { registerCorsPage } from './cors-page.js';
import { createQuickChecker, type QuickChecker } from './cors-quickcheck-service.js';
import { defaultAnswerSettings } from './cors-rules.js';
import { createHttpProbe, type Probe } from './quickcheck/http-probe.js';
import type { NodeFacts } from './quickcheck/targets.js';

export interface CorsFeatureDeps {
  readonly routes: HttpRoutes;
  readonly store: CorsStore;
  readonly config: { readonly cors: CorsConfig; readonly fqdn: string; readonly ports: PortsConfig };
  readonly auth: HttpAuthenticator;
  /** The ports listening now (filled in by start()). */
  readonly listening: () => Readonly<Record<string, number>>;
  readonly clock: Clock;
  /** Parley's local CA (PEM file), trusted by the quick check besides the system's roots. */
  readonly caPath: string;
  /** Where list changes are logged (an audit trail). */
  readonly log?: Logger;
  /** Tests may replace the network. */
  readonly probe?: Probe;
}

export interface CorsFeature {
  readonly gate: CorsGate;
  readonly lists: CorsLists;
  readonly quickcheck: QuickChecker;
  readonly commands: ReturnType<typeof corsCommands>;
}

export function corsFeature(deps: CorsFeatureDeps): CorsFeature {
  const { cors } = deps.config;
  const settings = defaultAnswerSettings({ maxAgeS: cors.maxAgeS, allowPrivateNetwork: cors.allowPrivateNetwork });
  const gate = createCorsGate(deps.store, settings);
  const lists = createCorsLists(deps.store, {
    maxOriginsPerService: cors.maxOriginsPerService, maxAgeS: cors.maxAgeS, onChange: (line) => deps.log?.info(line),
  });
  let ca: string | undefined;
  const probe = deps.probe ?? ((r) => {
    if (ca === undefined) {
      try { ca = readFileSync(deps.caPath, 'utf8'); } catch { ca = ''; }
    }
    return createHttpProbe(ca ? { extraCa: ca } : {})(r);
  });
  const node = (): NodeFacts => ({ fqdn: deps.config.fqdn, ports: { ...deps.config.ports, ...deps.listening() } });
  const quickcheck = createQuickChecker({ node, lists, probe, clock: deps.clock });
  const commands = corsCommands({ lists, settings, maxOriginsPerService: cors.maxOriginsPerService, quickcheck });

  deps.routes.prefix(CORS_API_PREFIX, corsAdminApi({ auth: deps.auth, lists, settings, maxOriginsPerService: cors.maxOriginsPerService, quickcheck, fqdn: deps.config.fqdn }));
  registerCorsPage(deps.routes, deps.auth);
  return { gate, lists, quickcheck, commands };
}
