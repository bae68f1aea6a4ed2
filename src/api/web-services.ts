// The Finesse web services as one feature: the REST API under /finesse/api/, the events it publishes,
// the ClientLog admin endpoint and (when a simulator is there) POST /admin/api/sim/calls. server.ts
// calls `finesseWebServices(...)` once with its shared pieces.
import { join } from 'node:path';
import type { HttpAuthenticator } from '../auth/http-auth.js';
import type { FinesseConfig } from '../config/schema.js';
import type { CallSimulator, ContactCenter } from '../contact-center/contact-center.js';
import type { HttpRoutes } from '../http/http-routes.js';
import type { OriginPolicy } from '../http/origin-policy.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Stores } from '../storage/stores.js';
import { mountFinesseApi } from './api.js';
import { mountClientLogAdmin } from './client-log-admin.js';
import { createClientLogStore } from './client-log-store.js';
import { storesDirectory } from './directory.js';
import { attachNotifier } from './events/notifier.js';
import type { ApiDeps, ApiSettings } from './route-types.js';
import { systemInfoView } from './routes/system-info.js';
import { mountSimApi } from './sim-api.js';

export interface WebServicesOptions {
  readonly routes: HttpRoutes;
  readonly httpAuth: HttpAuthenticator;
  readonly originPolicy?: OriginPolicy;
  readonly contactCenter: ContactCenter;
  readonly callSimulator?: CallSimulator;
  readonly stores: Stores;
  readonly pubsub: { publishInternal(node: string, payload: string): unknown; directoryChanged(): void };
  readonly clock: Clock;
  readonly log: Logger;
  readonly fqdn: string;
  readonly dataDir: string;
  readonly settings: FinesseConfig;
  /** The bound ports, filled by start(). */
  readonly ports: Readonly<Record<string, number>>;
}

export function apiSettingsFrom(c: FinesseConfig): ApiSettings {
  return {
    deploymentType: c.deploymentType === 'uccx' ? 'UCCX' : 'UCCE',
    secondaryHost: c.secondaryNode === '' ? null : c.secondaryNode,
    clientLogMaxChars: c.clientLogMaxChars,
    maxBodyBytes: c.maxRequestBytes,
  };
}

export function finesseWebServices(o: WebServicesOptions) {
  const settings = apiSettingsFrom(o.settings);
  const clientLogs = createClientLogStore(join(o.dataDir, 'logs', 'desktop', 'clientlogs'), o.settings.clientLogFilesPerUser);
  const publish = (node: string, update: string): void => { o.pubsub.publishInternal(node, update); };
  const deps: ApiDeps = {
    contactCenter: o.contactCenter,
    dir: storesDirectory(o.stores),
    stores: o.stores,
    clock: o.clock,
    settings,
    fqdn: o.fqdn,
    ports: o.ports,
    publish,
    clientLogs,
    directoryChanged: (userId) => {
      o.pubsub.directoryChanged();
      if (userId) o.httpAuth.forget(userId);
    },
    log: o.log,
  };
  const api = mountFinesseApi({ routes: o.routes, auth: o.httpAuth, ...(o.originPolicy ? { originPolicy: o.originPolicy } : {}), deps });
  mountClientLogAdmin(o.routes, o.httpAuth, clientLogs);
  if (o.callSimulator) mountSimApi(o.routes, o.httpAuth, o.callSimulator);
  const detach = attachNotifier({
    contactCenter: o.contactCenter,
    publish,
    log: o.log,
    context: { dir: deps.dir, deploymentType: settings.deploymentType, systemInfo: () => systemInfoView(deps) },
  });
  return { deps, handler: api.handler, stop: detach };
}
