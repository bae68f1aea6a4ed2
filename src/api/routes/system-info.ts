// GET /finesse/api/SystemInfo ([finesse-api] §2.1): answered with or without credentials, and also while
// the CTI link is down (status OUT_OF_SERVICE), so clients can poll it for recovery.
import { okXml, route, type RouteDef } from '../route-types.js';
import { renderSystemInfo, type SystemInfoView } from '../xml/system-info.js';
import type { ApiDeps } from '../route-types.js';

export function systemInfoView(deps: ApiDeps): SystemInfoView {
  return {
    now: deps.clock.now(),
    deploymentType: deps.settings.deploymentType,
    link: deps.contactCenter.link(),
    fqdn: deps.fqdn,
    ports: { https: deps.ports.https ?? 0, xmpp: deps.ports.xmpp ?? 0, xmpps: deps.ports.xmpps ?? 0 },
    secondaryHost: deps.settings.secondaryHost,
  };
}

export const systemInfoRoutes: readonly RouteDef[] = [
  route('SystemInfo', { GET: { access: 'public', handler: (_req, deps) => okXml(renderSystemInfo(systemInfoView(deps))) } },
    { whileOutOfService: true }),
];
