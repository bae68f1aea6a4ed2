// Glue for the composition root: the Finesse-side CtiLink (with the 'cti-client' identity), the
// contact center over it, and the runtime CTI settings (`set cti side …`, PUT /admin/api/cti/settings).
import type { ParleyConfig } from '../../config/schema.js';
import type { Acd } from '../../cti/acd/index.js';
import { CtiLink, type CtiSide, type SideName } from '../../cti/link/cti-link.js';
import type { TlsIdentitySource } from '../../pki/cert-store.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { createCtiContactCenter, type AgentDirectory, type CtiContactCenter } from './cti-contact-center.js';
import { describeSide, resolveSides, type LinkSides } from './cti-settings.js';
import type { QueueCallCounts } from './queue-statistics.js';

export interface CtiFeatureDeps {
  readonly config: ParleyConfig;
  readonly certs: Pick<TlsIdentitySource, 'secureContextOptions'>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly directory: AgentDirectory;
  /** The embedded ACD, when it runs: its queue counters complete the queue statistics. */
  readonly acd?: () => Acd | undefined;
}

export interface CtiFeature {
  readonly link: CtiLink;
  readonly contactCenter: CtiContactCenter;
  /** Resolves the sides (the embedded CTI server's port once it listens) and starts the link. */
  start(embeddedPort: number | undefined): void;
  stop(): void;
  /** The sides in use; undefined before start or when side A could not be resolved. */
  sides(): LinkSides | undefined;
  /** Changes one side at runtime (B: undefined = none) and reconnects, A side first. */
  setSide(side: SideName, value: CtiSide | undefined): { ok: true; sides: LinkSides } | { ok: false; problem: string };
}

export function createCtiFeature(deps: CtiFeatureDeps): CtiFeature {
  const { config, clock, log } = deps;
  const cti = config.cti;
  const link = new CtiLink({
    // Placeholder until start(): the embedded server's port is known only once it listens.
    sideA: { host: '127.0.0.1', port: 1, tls: true },
    identity: () => deps.certs.secureContextOptions('cti-client'),
    clock,
    log,
    heartbeatIntervalMs: cti.heartbeatIntervalS * 1000,
    requestTimeoutMs: cti.requestTimeoutS * 1000,
    backoff: { initialMs: 1000, maxMs: 30_000 },
  });
  const queueCalls = (queueId: string): QueueCallCounts | undefined => {
    const stats = deps.acd?.()?.queueStats(queueId);
    if (!stats?.ok) return undefined;
    const s = stats.value;
    return {
      callsInQueue: s.callsWaiting,
      // Whole seconds, as the ACD counts the wait: the value stays put between events.
      startTimeOfLongestCallInQueue: s.callsWaiting > 0 ? Math.floor(clock.now() / 1000) * 1000 - s.longestWaitS * 1000 : null,
      callsHandledToday: s.callsHandledToday,
      callsAbandonedToday: s.callsAbandonedToday,
      serviceLevelPct: s.serviceLevelPercent,
    };
  };
  const contactCenter = createCtiContactCenter({
    link, clock, log, directory: deps.directory, peripheralId: cti.peripheralId,
    deploymentType: config.finesse?.deploymentType === 'uccx' ? 'UCCX' : 'UCCE',
    requestTimeoutMs: cti.requestTimeoutS * 1000,
    queueCalls,
  });
  let sides: LinkSides | undefined;
  let running = false;

  return {
    link,
    contactCenter,
    start(embeddedPort) {
      const resolved = resolveSides(cti, config.bind, embeddedPort);
      if (!resolved.ok) {
        log.error(`CTI link not started: ${resolved.problem}`);
        return;
      }
      sides = resolved.sides;
      running = true;
      link.reconfigure(sides.sideA, sides.sideB);
      log.info(`CTI link: side A ${describeSide(sides.sideA)}, side B ${describeSide(sides.sideB)}`);
      link.start();
    },
    stop() {
      running = false;
      link.stop();
      contactCenter.close();
    },
    sides: () => sides,
    setSide(side, value) {
      if (side === 'A' && value === undefined) return { ok: false, problem: 'side A cannot be removed' };
      if (side === 'B' && sides === undefined) return { ok: false, problem: 'set side A first: the link has no A side yet' };
      sides = side === 'A' ? { sideA: value as CtiSide, sideB: sides?.sideB } : { sideA: (sides as LinkSides).sideA, sideB: value };
      log.info(`CTI settings changed: side A ${describeSide(sides.sideA)}, side B ${describeSide(sides.sideB)}; reconnecting`);
      link.reconfigure(sides.sideA, sides.sideB);
      if (!running) {
        running = true;
        link.start();
      }
      return { ok: true, sides };
    },
  };
}
