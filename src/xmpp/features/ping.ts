// XEP-0199: a ping to the server (Finesse clients send one every 10-20 s) gets an empty result.
import { NS_PING } from '../../xml/ns.js';
import type { IqRouter } from '../router/iq-router.js';

export function pingFeature({ iq }: { iq: IqRouter }): void {
  iq.on('get', NS_PING, 'ping', function ping() {
    return undefined;
  });
}
