// Fixtures shared by the BOSH unit and end-to-end tests.

/** [notification-service] §0.3: the Finesse desktop's session creation request, exactly as printed. */
export const FINESSE_CREATION = `<body xmlns="http://jabber.org/protocol/httpbind" xml:lang="en-US" xmlns:xmpp="urn:xmpp:xbosh" hold="1" ver="1.9" to="fin1.ucce.local" wait="30" xmpp:version="1.0" from="47483648@fin1.ucce.local" rid="704654808"/>`;

/** The attributes the creation response must carry ([notification-service] §0.3 "Parley"), nothing more. */
export const CREATION_RESPONSE_ATTRIBUTES = [
  'sid', 'authid', 'secure', 'requests', 'inactivity', 'polling', 'wait', 'hold', 'ver', 'maxpause', 'ack', 'from',
  'xmpp:version', 'xmpp:restartlogic', 'xmlns:xmpp', 'xmlns:stream',
].sort();
