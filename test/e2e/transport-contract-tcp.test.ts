// The transport contract over TCP: STARTTLS on the xmpp port. A silent peer is found by XEP-0199 pings
// (xmpp.pingIntervalS 1 of silence, then pingTimeoutS 1 for the answer).
import { runTransportContract } from '../../src/xmpp/transport/transport.contract.js';
import { tcpContractClient } from '../helpers/transport-client.js';

runTransportContract({
  name: 'TCP',
  connect: tcpContractClient,
  settings: { xmpp: { pingIntervalS: 1, pingTimeoutS: 1 } },
  liveness: { silentWithinMs: 2_000, silentReason: /connection-timeout/ },
});
