// The transport contract over BOSH (XEP-0124/0206): /http-bind on the notification port. The contract's
// BOSH client asks for wait=1, so a silent client's last request comes back within 1 s; then the
// session ends after bosh.inactivityS (2 here) without a request.
import { runTransportContract } from '../../src/xmpp/transport/transport.contract.js';
import { boshContractClient } from '../helpers/transport-client.js';

runTransportContract({
  name: 'BOSH',
  connect: boshContractClient,
  settings: { inactivity: 2 },
  liveness: { silentWithinMs: 3_000, silentReason: /silent for over 2 seconds/ },
});
