// The transport contract over WebSocket (RFC 7395): /ws on the https port. A silent peer is found by
// WebSocket pings (websocket.pingIntervalS 1: no pong by the next one) or by XEP-0199 pings (1 + 1 s).
import { runTransportContract } from '../../src/xmpp/transport/transport.contract.js';
import { websocketContractClient } from '../helpers/transport-client.js';

runTransportContract({
  name: 'WebSocket',
  connect: websocketContractClient,
  settings: { xmpp: { pingIntervalS: 1, pingTimeoutS: 1 }, websocket: { pingIntervalS: 1 } },
  liveness: { silentWithinMs: 2_000, silentReason: /connection-timeout/ },
});
