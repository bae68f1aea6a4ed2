// SystemInfo ([finesse-api] §2.1): what clients read before signing in and poll once a minute for
// failover and clock drift. `xmppDomain` equals `primaryNode/host` so finesse.js treats this node as the
// primary; `secondaryNode` only when one is configured (else clients see a single node). Pure.
import type { Element } from '../../xml/element.js';
import type { LinkStatus } from '../../contact-center/contact-center.js';
import type { DeploymentType } from '../system-reason-codes.js';
import { FINESSE_API, finesseDate, leaf, node } from './common.js';

export const SYSTEM_INFO_URI = `${FINESSE_API}/SystemInfo`;

export interface SystemInfoView {
  readonly now: number;
  readonly deploymentType: DeploymentType;
  readonly link: LinkStatus;
  readonly fqdn: string;
  readonly ports: { readonly https: number; readonly xmpp: number; readonly xmpps: number };
  /** Host name of the other node of the pair; null for a single node. */
  readonly secondaryHost: string | null;
}

function nodeInfo(root: string, host: string, ports: SystemInfoView['ports']): Element {
  return node(root, leaf('host', host), leaf('httpsPort', ports.https), leaf('xmppPort', ports.xmpp), leaf('xmppSecurePort', ports.xmpps));
}

export function renderSystemInfo(v: SystemInfoView): Element {
  return node('SystemInfo',
    leaf('currentTimestamp', finesseDate(v.now)),
    leaf('deploymentType', v.deploymentType),
    nodeInfo('primaryNode', v.fqdn, v.ports),
    v.secondaryHost ? nodeInfo('secondaryNode', v.secondaryHost, v.ports) : null,
    leaf('status', v.link.state),
    leaf('statusReason', v.link.state === 'IN_SERVICE' ? '' : v.link.reason),
    leaf('systemAuthMode', 'NON_SSO'),
    leaf('timezoneOffset', 0),
    leaf('uri', SYSTEM_INFO_URI),
    leaf('xmppDomain', v.fqdn),
    leaf('xmppPubSubDomain', `pubsub.${v.fqdn}`));
}
