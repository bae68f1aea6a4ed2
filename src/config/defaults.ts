// Default values of every setting, in one place (style.md §6.17). `data` is resolved against the working
// directory and `bind` against the host's IPv6 support when the config is loaded.
import type { ParleyConfig } from './schema.js';

/** The listen address that means "all interfaces"; resolved to `::` or `0.0.0.0` at load time. */
export const BIND_ALL = '*';

export const DEFAULT_CONFIG = {
  data: './data',
  configFile: null,
  fqdn: 'localhost',
  bind: BIND_ALL,
  logLevel: 'info',
  ports: { https: 8445, notification: 7443, xmpp: 5222, xmpps: 5223, cti: 42030, livedata: 12015 },
  xmpp: {
    allowPlaintextAuth: false,
    requireStarttls: true,
    stanzaSizeLimit: 262_144,
    maxDepth: 32,
    pingIntervalS: 60,
    pingTimeoutS: 30,
    unauthenticatedTimeoutS: 30,
    maxConnectionsPerIp: 500,
    saslMaxAttempts: 3,
  },
  bosh: {
    inactivityS: 60,
    maxWaitS: 60,
    maxHold: 1,
    requests: 0,
    pollingS: 5,
    maxPauseS: 120,
    maxBodyBytes: 0,
    maxCreationsPerAddressPerMinute: 600,
  },
  http: { requestTimeoutS: 30 },
  websocket: { maxFrameBytes: 262_144, pingIntervalS: 30 },
  agents: { logoutGraceS: 60, presenceLogout: 'logout' },
  offline: { maxMessages: 500, maxBytes: 1_048_576 },
  auth: { scramIterations: 4096 },
  pubsub: { maxItemsPerNode: 10 },
  cors: { maxAgeS: 600, allowPrivateNetwork: false, maxOriginsPerService: 10_000 },
  certificates: { allowLegacyRsa1024: false, allowWildcardSans: false, maxUploadBytes: 1_048_576 },
  cti: {
    systemId: 1, heartbeatIntervalS: 5, minProtocolVersion: 13, embeddedServer: true, peripheralId: 5000, requestTimeoutS: 5,
    sideA: { host: '', port: 0, tls: true },
    sideB: { host: '', port: 0, tls: true },
  },
  log: { format: 'text', maxFileBytes: 10 * 1024 * 1024, maxFiles: 10, maxAgeDays: 14 },
  tls: { keylogFile: '' },
  metrics: { access: 'admin' },
  finesse: { deploymentType: 'ucce', secondaryNode: '', clientLogMaxChars: 1_048_576, clientLogFilesPerUser: 50, maxRequestBytes: 65_536 },
} as const satisfies ParleyConfig;

/** The config file read when `--config` is not given: DATA/parley.json, if it exists. */
export const DEFAULT_CONFIG_FILE_NAME = 'parley.json';
