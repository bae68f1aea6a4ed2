// The one configuration schema of Parley (style.md §6.17): the typed, frozen `ParleyConfig` every
// subsystem receives a slice of, and the table of settings that says, for each value, its config-file
// key, its `PARLEY_*` environment variable, its command-line flag (contract options only) and its bounds.
// [contract] "The server process": every option is also settable in the config file and by an
// environment variable of the same name in upper snake case with prefix PARLEY_.
import type { LogLevel } from '../shared/logger.js';

export const LOG_LEVEL_NAMES: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Listener ports; the keys are those of the ready line's `ports` object. 0 = any free port. */
export interface PortsConfig {
  readonly https: number;
  readonly notification: number;
  readonly xmpp: number;
  readonly xmpps: number;
  readonly cti: number;
  readonly livedata: number;
}
export type PortName = keyof PortsConfig;
export const PORT_NAMES: readonly PortName[] = ['https', 'notification', 'xmpp', 'xmpps', 'cti', 'livedata'];

export interface XmppConfig {
  /** SASL PLAIN on the `xmpp` port without STARTTLS ([decisions] 6); off by default. */
  readonly allowPlaintextAuth: boolean;
  /** STARTTLS is `<required/>` before authentication; the inverse of allowPlaintextAuth unless set. */
  readonly requireStarttls: boolean;
  /** Largest stanza accepted, in bytes (≥ 10000, as RFC 6120 §13.12 requires). */
  readonly stanzaSizeLimit: number;
  /** Deepest element nesting accepted inside a stanza. */
  readonly maxDepth: number;
  /** Server→client XEP-0199 ping after this much silence; 0 disables. */
  readonly pingIntervalS: number;
  /** A ping unanswered for this long closes the session. */
  readonly pingTimeoutS: number;
  /** A connection that has not authenticated after this long is closed. */
  readonly unauthenticatedTimeoutS: number;
  /** Open XMPP connections accepted from one IP address. */
  readonly maxConnectionsPerIp: number;
  /** Failed SASL attempts before the stream is closed. */
  readonly saslMaxAttempts: number;
}

export interface BoshConfig {
  /** BOSH inactivity before a session is closed ([decisions] 3). */
  readonly inactivityS: number;
  /** Longest `wait` granted: a held request is answered within this many seconds ([decisions] 4). */
  readonly maxWaitS: number;
  /** Most requests held at once (`hold` = the lower of the client's and this). */
  readonly maxHold: number;
  /** Simultaneous requests advertised; 0 = hold + 1 (Finesse advertises 4). */
  readonly requests: number;
  /** Shortest polling interval advertised. */
  readonly pollingS: number;
  /** Longest pause a client may ask for; 0 = pausing not offered (Finesse advertises 300). */
  readonly maxPauseS: number;
  /** Largest /http-bind request body; 0 = xmpp.stanzaSizeLimit + 1024. */
  readonly maxBodyBytes: number;
  /** New BOSH sessions per client address and minute; 0 = unlimited. */
  readonly maxCreationsPerAddressPerMinute: number;
}

export interface HttpConfig {
  /** Time allowed to receive a whole HTTP request (slow uploads are cut off). */
  readonly requestTimeoutS: number;
}

export interface WebSocketConfig {
  /** Largest WebSocket message accepted (RFC 7395); bigger ones get close code 1009. Defaults to xmpp.stanzaSizeLimit. */
  readonly maxFrameBytes: number;
  /** WebSocket ping after this long; no pong (or any frame) by the next one ends the session; 0 disables. */
  readonly pingIntervalS: number;
}

export interface AgentsConfig {
  /** Grace between an agent's desktop going unavailable and the forced logout (reason code 255). */
  readonly logoutGraceS: number;
  /** What the forced request asks for: `logout` (UCCX; UCCE with the PG's agent-logout /LOAD setting) or `not-ready`. */
  readonly presenceLogout: 'logout' | 'not-ready';
}

export interface OfflineConfig {
  /** Per-user quota of stored notifications ([decisions] 1); the oldest are dropped first. */
  readonly maxMessages: number;
  readonly maxBytes: number;
}

export interface AuthConfig {
  /** PBKDF2 iterations of newly derived SCRAM credentials. */
  readonly scramIterations: number;
}

export interface CtiConfig {
  /** The ICM system id: the default secure CTI port is 42030 + 2000 × (systemId − 1) (document 004). */
  readonly systemId: number;
  /** Seconds between HEARTBEAT_REQs of the Finesse-side CTI client (OPEN_REQ IdleTimeout = 4 ×). */
  readonly heartbeatIntervalS: number;
  /** Lowest OPEN_REQ VersionNumber the embedded CTI server accepts (newer than ours is fine). */
  readonly minProtocolVersion: number;
  /** Run the embedded CTI server (and its ACD simulator) on the cti port; off when linking to an external CTI server. */
  readonly embeddedServer: boolean;
  /** "Peripheral ID" of Finesse Administration's CTI server settings: the PG peripheral the CTI requests name. */
  readonly peripheralId: number;
  /** Seconds a CTI request of the Finesse-side link waits for its confirmation. */
  readonly requestTimeoutS: number;
  /** The CTI server's A side; host '' = this node's embedded CTI server on the loopback. */
  readonly sideA: CtiSideConfig;
  /** The CTI server's B side; host '' = none. */
  readonly sideB: CtiSideConfig;
}

/** One side of the CTI server pair ("A Side Host/IP Address", "A Side Port", "SSL encryption enabled"). */
export interface CtiSideConfig {
  readonly host: string;
  /** 0 = the cti port of this node. */
  readonly port: number;
  readonly tls: boolean;
}

/** Document 004: "42030 for system id 1 … 46030 for system id 3". */
export function ctiSecurePortFor(systemId: number): number {
  return 42030 + 2000 * (systemId - 1);
}

export interface PubsubConfig {
  /** Items kept per pubsub node. */
  readonly maxItemsPerNode: number;
}

export interface CorsConfig {
  /** access-control-max-age of preflight answers (the product document's 600; Chromium caps at 7200). */
  readonly maxAgeS: number;
  /** Answer Access-Control-Request-Private-Network: true with Access-Control-Allow-Private-Network: true. */
  readonly allowPrivateNetwork: boolean;
  /** Most origins on one service's allow-list. */
  readonly maxOriginsPerService: number;
}

/** Certificate management (issue 6, docs/certificates.md): upload rules and limits. */
export interface CertificatesConfig {
  /** Accept RSA-1024 keys (CSRs and uploads), with a warning; off by default. */
  readonly allowLegacyRsa1024: boolean;
  /** Accept wildcard DNS SANs in uploaded identities (Cisco VOS refuses them; so does Parley by default). */
  readonly allowWildcardSans: boolean;
  /** Largest certificate file accepted by an upload. */
  readonly maxUploadBytes: number;
}

/** Log files (issue 10): format and rotation of every file under DATA/logs. */
export interface LogConfig {
  /** `text` (Openfire's line format) or `json` (one object per line, for log shippers). */
  readonly format: 'text' | 'json';
  /** A log file is rotated (NAME.1, NAME.2 …) when it would grow past this size. */
  readonly maxFileBytes: number;
  /** Rotated files kept per log file. */
  readonly maxFiles: number;
  /** Rotated files older than this many days are deleted; 0 = no age limit. */
  readonly maxAgeDays: number;
}

export interface TlsDiagnosticsConfig {
  /** NSS key-log file every TLS listener appends to (SSLKEYLOGFILE); '' = off. */
  readonly keylogFile: string;
}

export interface MetricsConfig {
  /** `/metrics` on the https port: `admin` (HTTP Basic, admin role), `open` (no authentication) or `off`. */
  readonly access: 'admin' | 'open' | 'off';
}

/** The Finesse web services (REST API under /finesse/api/, issue 5). */
export interface FinesseConfig {
  /** SystemInfo deploymentType and the agent state table: `ucce` or `uccx` (lower case in the config). */
  readonly deploymentType: 'ucce' | 'uccx';
  /** Host of the other node of a Finesse pair (SystemInfo secondaryNode); '' = a single node. */
  readonly secondaryNode: string;
  /** Largest ClientLog logData, in characters ([finesse-api] §2.6: 1,048,576). */
  readonly clientLogMaxChars: number;
  /** ClientLog files kept per user under DATA/logs/desktop/clientlogs/<user>/. */
  readonly clientLogFilesPerUser: number;
  /** Largest body of every other REST request, in bytes. */
  readonly maxRequestBytes: number;
}

/** The whole configuration: validated once at start, deep-frozen. */
export interface ParleyConfig {
  /** Absolute path of the data directory. */
  readonly data: string;
  /** Absolute path of the config file that was read, or null when none was. */
  readonly configFile: string | null;
  /** The node's FQDN (lower case); also the XMPP domain. */
  readonly fqdn: string;
  /** Listen address of every listener: an IP address or host name; `::` / `0.0.0.0` = all interfaces. */
  readonly bind: string;
  readonly logLevel: LogLevel;
  readonly ports: PortsConfig;
  readonly xmpp: XmppConfig;
  readonly bosh: BoshConfig;
  readonly http: HttpConfig;
  readonly websocket: WebSocketConfig;
  readonly agents: AgentsConfig;
  readonly offline: OfflineConfig;
  readonly auth: AuthConfig;
  readonly pubsub: PubsubConfig;
  readonly cors: CorsConfig;
  readonly certificates: CertificatesConfig;
  readonly cti: CtiConfig;
  readonly log: LogConfig;
  readonly tls: TlsDiagnosticsConfig;
  readonly metrics: MetricsConfig;
  readonly finesse: FinesseConfig;
}

export type SettingKind =
  | { readonly type: 'port' }
  | { readonly type: 'int'; readonly min: number; readonly max: number; readonly unit?: 'seconds' | 'bytes'; readonly zero?: string }
  | { readonly type: 'bool' }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'fqdn' }
  | { readonly type: 'host' }
  | { readonly type: 'bind' }
  | { readonly type: 'path' };

export type SettingGroup = 'general' | 'ports' | 'xmpp' | 'timers' | 'advanced';

export interface SettingSpec {
  /** Where the value lands in ParleyConfig, dotted: `ports.https`. */
  readonly path: string;
  /** Config-file key, dotted for nested sections: `portHttps`, `xmpp.stanzaSizeLimit`. */
  readonly key: string;
  /** Further accepted config-file keys. */
  readonly aliases: readonly string[];
  /** Command-line flag without the dashes (`port-https`), or null for config-file/env-only settings. */
  readonly flag: string | null;
  /** Environment variable: `PARLEY_` + the key in upper snake case. */
  readonly env: string;
  readonly kind: SettingKind;
  readonly group: SettingGroup;
  /** Placeholder of the value in help texts: N, S, DIR, NAME. */
  readonly placeholder: string;
  readonly help: string;
  /** Replaces the default value in help texts when the bare value would mislead. */
  readonly defaultText?: string;
}

/** `portHttps` → `PORT_HTTPS`, `xmpp.maxDepth` → `XMPP_MAX_DEPTH`. */
export const upperSnake = (key: string): string => key.replace(/\./g, '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
/** `portHttps` → `port-https`. */
export const kebab = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
/** `port-https` → `portHttps`. */
export const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

interface SettingInput {
  path: string;
  key: string;
  kind: SettingKind;
  group: SettingGroup;
  help: string;
  cli?: boolean;
  placeholder?: string;
  aliases?: string[];
  defaultText?: string;
}

function setting(s: SettingInput): SettingSpec {
  return {
    path: s.path,
    key: s.key,
    aliases: s.aliases ?? [],
    flag: s.cli ? kebab(s.key) : null,
    env: `PARLEY_${upperSnake(s.key)}`,
    kind: s.kind,
    group: s.group,
    placeholder: s.placeholder ?? (s.kind.type === 'bool' ? '' : 'N'),
    help: s.help,
    ...(s.defaultText === undefined ? {} : { defaultText: s.defaultText }),
  };
}

const PORT = { type: 'port' } as const;
const seconds = (min: number, max: number, zero?: string): SettingKind =>
  zero === undefined ? { type: 'int', min, max, unit: 'seconds' } : { type: 'int', min, max, unit: 'seconds', zero };
const DAY_S = 86_400;

/** The `--config FILE` option (flag and env only; a config file cannot name another one). */
export const CONFIG_OPTION = {
  flag: 'config',
  env: 'PARLEY_CONFIG',
  placeholder: 'FILE',
  help: 'JSON config file; keys are the option names in camelCase, finer settings in nested sections',
  defaultText: 'DATA/parley.json if it exists',
} as const;

/** Every setting, in help-text order. Defaults live in defaults.ts. */
export const SETTINGS: readonly SettingSpec[] = [
  setting({ path: 'data', key: 'data', cli: true, placeholder: 'DIR', kind: { type: 'path' }, group: 'general',
    help: 'all state: database, keys, certificates, logs (resolved to an absolute path)' }),
  setting({ path: 'fqdn', key: 'fqdn', cli: true, placeholder: 'NAME', kind: { type: 'fqdn' }, group: 'general',
    help: 'the node\'s FQDN; also the XMPP domain (pubsub is pubsub.<fqdn>)' }),
  setting({ path: 'bind', key: 'bind', cli: true, placeholder: 'ADDR', kind: { type: 'bind' }, group: 'general',
    defaultText: 'all interfaces (:: dual-stack, or 0.0.0.0 without IPv6)',
    help: 'listen address of every listener; 127.0.0.1 accepts local clients only' }),
  setting({ path: 'logLevel', key: 'logLevel', cli: true, placeholder: 'LEVEL', group: 'general',
    kind: { type: 'enum', values: LOG_LEVEL_NAMES }, help: `stderr log level: ${LOG_LEVEL_NAMES.join(', ')}` }),

  setting({ path: 'ports.https', key: 'portHttps', cli: true, kind: PORT, group: 'ports',
    help: 'REST API /finesse/api, desktop /desktop/, admin /cfadmin/, also /http-bind and /ws' }),
  setting({ path: 'ports.notification', key: 'portNotification', cli: true, kind: PORT, group: 'ports',
    help: 'notification service over HTTPS: /http-bind (BOSH) and /ws (WebSocket)' }),
  setting({ path: 'ports.xmpp', key: 'portXmpp', cli: true, kind: PORT, group: 'ports',
    help: 'XMPP client-to-server over TCP, STARTTLS offered' }),
  setting({ path: 'ports.xmpps', key: 'portXmpps', cli: true, kind: PORT, group: 'ports',
    help: 'XMPP client-to-server over direct TLS' }),
  setting({ path: 'ports.cti', key: 'portCti', cli: true, kind: PORT, group: 'ports',
    help: 'the embedded CTI server (mutual TLS only)' }),
  setting({ path: 'ports.livedata', key: 'portLivedata', cli: true, kind: PORT, group: 'ports',
    help: 'Live Data real-time report stream' }),

  setting({ path: 'xmpp.allowPlaintextAuth', key: 'xmppAllowPlaintextAuth', aliases: ['xmpp.allowPlaintextAuth'], cli: true,
    kind: { type: 'bool' }, group: 'xmpp', defaultText: 'off',
    help: 'allow SASL PLAIN on the xmpp port without STARTTLS (legacy Finesse samples); prints a warning at start' }),

  setting({ path: 'bosh.inactivityS', key: 'inactivity', cli: true, placeholder: 'S', kind: seconds(1, DAY_S), group: 'timers',
    help: 'seconds of BOSH inactivity before a session is closed' }),
  setting({ path: 'agents.logoutGraceS', key: 'logoutGrace', cli: true, placeholder: 'S', kind: seconds(0, DAY_S), group: 'timers',
    help: 'seconds between an agent\'s desktop going unavailable and the forced logout (reason code 255)' }),
  setting({ path: 'agents.presenceLogout', key: 'agents.presenceLogout', kind: { type: 'enum', values: ['logout', 'not-ready'] }, group: 'advanced',
    placeholder: 'MODE', help: 'what the presence-driven forced logout does: logout (UCCX, UCCE agent logout) or not-ready (UCCE)' }),

  setting({ path: 'xmpp.requireStarttls', key: 'xmpp.requireStarttls', kind: { type: 'bool' }, group: 'advanced',
    defaultText: 'true unless xmppAllowPlaintextAuth is on',
    help: 'STARTTLS required before authentication on the xmpp port' }),
  setting({ path: 'xmpp.stanzaSizeLimit', key: 'xmpp.stanzaSizeLimit', kind: { type: 'int', min: 10_000, max: 16 * 1024 * 1024, unit: 'bytes' },
    group: 'advanced', help: 'largest stanza accepted, in bytes' }),
  setting({ path: 'xmpp.maxDepth', key: 'xmpp.maxDepth', kind: { type: 'int', min: 8, max: 1024 }, group: 'advanced',
    help: 'deepest element nesting accepted in a stanza' }),
  setting({ path: 'xmpp.pingIntervalS', key: 'xmpp.pingIntervalS', kind: seconds(0, DAY_S, 'no pings'), group: 'advanced',
    help: 'server-to-client ping after this many seconds of silence' }),
  setting({ path: 'xmpp.pingTimeoutS', key: 'xmpp.pingTimeoutS', kind: seconds(1, 3600), group: 'advanced',
    help: 'seconds a ping may stay unanswered before the session is closed' }),
  setting({ path: 'xmpp.unauthenticatedTimeoutS', key: 'xmpp.unauthenticatedTimeoutS', kind: seconds(1, 3600), group: 'advanced',
    help: 'seconds a connection may stay unauthenticated' }),
  setting({ path: 'xmpp.maxConnectionsPerIp', key: 'xmpp.maxConnectionsPerIp', kind: { type: 'int', min: 1, max: 1_000_000 },
    group: 'advanced', help: 'open XMPP connections accepted from one IP address (raise it for load tests)' }),
  setting({ path: 'xmpp.saslMaxAttempts', key: 'xmpp.saslMaxAttempts', kind: { type: 'int', min: 1, max: 100 }, group: 'advanced',
    help: 'failed authentication attempts before the stream is closed' }),
  setting({ path: 'websocket.maxFrameBytes', key: 'websocket.maxFrameBytes', kind: { type: 'int', min: 10_000, max: 16 * 1024 * 1024, unit: 'bytes' },
    group: 'advanced', defaultText: 'xmpp.stanzaSizeLimit', help: 'largest WebSocket message accepted on /ws, in bytes (bigger: close code 1009)' }),
  setting({ path: 'websocket.pingIntervalS', key: 'websocket.pingIntervalS', kind: seconds(0, DAY_S, 'no pings'), group: 'advanced',
    help: 'WebSocket ping every this many seconds on /ws; a peer silent until the next one is disconnected' }),
  setting({ path: 'bosh.maxWaitS', key: 'bosh.maxWaitS', kind: seconds(1, 3600), group: 'advanced',
    help: 'longest BOSH wait: an idle long poll is answered within this many seconds' }),
  setting({ path: 'bosh.maxHold', key: 'bosh.maxHold', kind: { type: 'int', min: 0, max: 16 }, group: 'advanced',
    help: 'most BOSH requests held at once per session' }),
  setting({ path: 'bosh.requests', key: 'bosh.requests', kind: { type: 'int', min: 0, max: 16, zero: 'hold + 1' }, group: 'advanced',
    help: 'simultaneous BOSH requests advertised (the Finesse server advertises 4)' }),
  setting({ path: 'bosh.pollingS', key: 'bosh.pollingS', kind: seconds(0, 60), group: 'advanced',
    help: 'shortest BOSH polling interval advertised, in seconds' }),
  setting({ path: 'bosh.maxPauseS', key: 'bosh.maxPauseS', kind: seconds(0, DAY_S, 'pausing not offered'), group: 'advanced',
    help: 'longest BOSH pause a client may ask for (the Finesse server advertises 300)' }),
  setting({ path: 'bosh.maxBodyBytes', key: 'bosh.maxBodyBytes', kind: { type: 'int', min: 0, max: 64 * 1024 * 1024, unit: 'bytes', zero: 'xmpp.stanzaSizeLimit + 1024' },
    group: 'advanced', help: 'largest /http-bind request body, in bytes (bigger: HTTP 413)' }),
  setting({ path: 'bosh.maxCreationsPerAddressPerMinute', key: 'bosh.maxCreationsPerAddressPerMinute',
    kind: { type: 'int', min: 0, max: 1_000_000, zero: 'unlimited' }, group: 'advanced',
    help: 'new BOSH sessions accepted per client address and minute' }),
  setting({ path: 'http.requestTimeoutS', key: 'http.requestTimeoutS', kind: seconds(1, 3600), group: 'advanced',
    help: 'seconds allowed to receive a whole HTTP request on the HTTPS listeners (slow uploads are cut off)' }),
  setting({ path: 'offline.maxMessages', key: 'offline.maxMessages', kind: { type: 'int', min: 0, max: 1_000_000, zero: 'nothing stored' },
    group: 'advanced', help: 'notifications stored per absent user (oldest dropped first)' }),
  setting({ path: 'offline.maxBytes', key: 'offline.maxBytes', kind: { type: 'int', min: 0, max: 1024 ** 3, unit: 'bytes', zero: 'nothing stored' },
    group: 'advanced', help: 'bytes of notifications stored per absent user' }),
  setting({ path: 'auth.scramIterations', key: 'auth.scramIterations', kind: { type: 'int', min: 4096, max: 10_000_000 }, group: 'advanced',
    help: 'PBKDF2 iterations of new SCRAM credentials (RFC 7677: at least 4096)' }),
  setting({ path: 'pubsub.maxItemsPerNode', key: 'pubsub.maxItemsPerNode', kind: { type: 'int', min: 1, max: 10_000 }, group: 'advanced',
    help: 'items kept per pubsub node' }),
  setting({ path: 'cors.maxAgeS', key: 'cors.maxAgeS', kind: seconds(0, DAY_S), group: 'advanced',
    help: 'access-control-max-age of CORS preflight answers (browsers cache them this long; Chromium caps at 7200)' }),
  setting({ path: 'cors.allowPrivateNetwork', key: 'cors.allowPrivateNetwork', kind: { type: 'bool' }, group: 'advanced', defaultText: 'off',
    help: 'answer Private Network Access preflights (Access-Control-Allow-Private-Network: true)' }),
  setting({ path: 'cors.maxOriginsPerService', key: 'cors.maxOriginsPerService', kind: { type: 'int', min: 1, max: 1_000_000 }, group: 'advanced',
    help: 'most origins on one service\'s CORS allow-list' }),
  setting({ path: 'certificates.allowLegacyRsa1024', key: 'certificates.allowLegacyRsa1024', kind: { type: 'bool' }, group: 'advanced', defaultText: 'off',
    help: 'accept RSA-1024 keys in CSRs and uploads (legacy components only; weak), with a warning' }),
  setting({ path: 'certificates.allowWildcardSans', key: 'certificates.allowWildcardSans', kind: { type: 'bool' }, group: 'advanced', defaultText: 'off',
    help: 'accept uploaded certificates with wildcard SANs (Cisco VOS refuses them)' }),
  setting({ path: 'certificates.maxUploadBytes', key: 'certificates.maxUploadBytes', kind: { type: 'int', min: 4096, max: 64 * 1024 * 1024, unit: 'bytes' }, group: 'advanced',
    help: 'largest certificate file (PEM, DER, .p7b, .p12) an upload accepts' }),
  setting({ path: 'cti.systemId', key: 'cti.systemId', kind: { type: 'int', min: 1, max: 10 }, group: 'advanced',
    help: 'ICM system id; the default cti port is 42030 + 2000 x (systemId - 1): 42030 for 1, 46030 for 3' }),
  setting({ path: 'cti.heartbeatIntervalS', key: 'cti.heartbeatIntervalS', kind: seconds(1, 3600), group: 'advanced',
    help: 'seconds between CTI heartbeats of the CTI client; four missed ones mark the link out of service' }),
  setting({ path: 'cti.minProtocolVersion', key: 'cti.minProtocolVersion', kind: { type: 'int', min: 1, max: 24 }, group: 'advanced',
    help: 'oldest CTI protocol version the embedded CTI server accepts in OPEN_REQ' }),
  setting({ path: 'cti.embeddedServer', key: 'cti.embeddedServer', kind: { type: 'bool' }, group: 'advanced',
    help: 'run the embedded CTI server and ACD simulator on the cti port (turn off when cti.aSideHost names an external CTI server)' }),
  setting({ path: 'cti.peripheralId', key: 'cti.peripheralId', kind: { type: 'int', min: 0, max: 0xffff_fffe }, group: 'advanced',
    help: 'the peripheral (PG) id the CTI client names in its requests, as on Finesse Administration' }),
  setting({ path: 'cti.requestTimeoutS', key: 'cti.requestTimeoutS', kind: seconds(1, 300), group: 'advanced',
    help: 'seconds a CTI request waits for its confirmation before it fails' }),
  ...(['A', 'B'] as const).flatMap((side) => [
    setting({ path: `cti.side${side}.host`, key: `cti.${side.toLowerCase()}SideHost`, kind: { type: 'host' }, group: 'advanced', placeholder: 'HOST',
      defaultText: side === 'A' ? "this node's embedded CTI server on the loopback" : 'none',
      help: `CTI server ${side} side host name or IP address (the Finesse-side CTI client ${side === 'A' ? 'connects here first' : 'fails over here'})` }),
    setting({ path: `cti.side${side}.port`, key: `cti.${side.toLowerCase()}SidePort`, kind: PORT, group: 'advanced',
      defaultText: "this node's cti port", help: `CTI server ${side} side port` }),
    setting({ path: `cti.side${side}.tls`, key: `cti.${side.toLowerCase()}SideTls`, kind: { type: 'bool' }, group: 'advanced',
      help: `"SSL encryption enabled" for the ${side} side; must stay on (the CTI server supports no unsecured mode)` }),
  ]),
  setting({ path: 'log.format', key: 'log.format', kind: { type: 'enum', values: ['text', 'json'] }, group: 'advanced', placeholder: 'FORMAT',
    help: 'log file lines: text (Openfire\'s format, as the documents quote) or json (one object per line, for log shippers)' }),
  setting({ path: 'log.maxFileBytes', key: 'log.maxFileBytes', kind: { type: 'int', min: 0, max: 1024 ** 3, unit: 'bytes', zero: 'never rotated by size' },
    group: 'advanced', help: 'a log file is rotated (NAME.1, NAME.2 …) when it would grow past this size' }),
  setting({ path: 'log.maxFiles', key: 'log.maxFiles', kind: { type: 'int', min: 0, max: 1000 }, group: 'advanced',
    help: 'rotated files kept per log file' }),
  setting({ path: 'log.maxAgeDays', key: 'log.maxAgeDays', kind: { type: 'int', min: 0, max: 3650, zero: 'no age limit' }, group: 'advanced',
    help: 'rotated log files older than this many days are deleted' }),
  setting({ path: 'tls.keylogFile', key: 'tls.keylogFile', kind: { type: 'path' }, group: 'advanced', placeholder: 'FILE', defaultText: 'off (also set by SSLKEYLOGFILE)',
    help: 'append the TLS secrets of every listener\'s connections (NSS key-log format) to FILE, so Wireshark can decrypt a capture; a warning is printed while it is on' }),
  setting({ path: 'metrics.access', key: 'metrics.access', kind: { type: 'enum', values: ['admin', 'open', 'off'] }, group: 'advanced', placeholder: 'MODE',
    help: '/metrics (Prometheus) on the https port: admin (HTTP Basic, admin role), open (no authentication; for a private network) or off' }),
  setting({ path: 'finesse.deploymentType', key: 'finesse.deploymentType', kind: { type: 'enum', values: ['ucce', 'uccx'] }, group: 'advanced',
    placeholder: 'TYPE', help: 'Finesse deployment type: ucce or uccx (SystemInfo deploymentType, agent state rules, queue statistics)' }),
  setting({ path: 'finesse.secondaryNode', key: 'finesse.secondaryNode', kind: { type: 'host' }, group: 'advanced', placeholder: 'HOST',
    defaultText: 'none (single node)', help: 'host name of the other node of a Finesse pair, shown as SystemInfo secondaryNode' }),
  setting({ path: 'finesse.clientLogMaxChars', key: 'finesse.clientLogMaxChars', kind: { type: 'int', min: 1024, max: 64 * 1024 * 1024 }, group: 'advanced',
    help: 'largest ClientLog upload (logData), in characters; bigger ones get 400 Invalid Input' }),
  setting({ path: 'finesse.clientLogFilesPerUser', key: 'finesse.clientLogFilesPerUser', kind: { type: 'int', min: 1, max: 10_000 }, group: 'advanced',
    help: 'ClientLog files kept per user (the oldest are deleted)' }),
  setting({ path: 'finesse.maxRequestBytes', key: 'finesse.maxRequestBytes', kind: { type: 'int', min: 10_000, max: 16 * 1024 * 1024, unit: 'bytes' }, group: 'advanced',
    help: 'largest REST request body under /finesse/api/ other than ClientLog, in bytes' }),
];

export const settingByPath = (path: string): SettingSpec | undefined => SETTINGS.find((s) => s.path === path);
