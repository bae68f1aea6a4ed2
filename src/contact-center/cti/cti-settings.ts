// The CTI server settings of the Finesse-side link, as on Finesse Administration's "Contact Center
// Enterprise CTI Server Settings" (A side host/port, B side host/port, SSL encryption): resolved from
// the config (an empty A host = this node's embedded CTI server) and changeable while running, which
// reconnects the link without a restart. Pure, apart from the `apply` callback.
import { isIP } from 'node:net';
import type { CtiConfig } from '../../config/schema.js';
import { isHostName } from '../../config/values.js';
import type { CtiSide, SideName } from '../../cti/link/cti-link.js';

export interface LinkSides {
  readonly sideA: CtiSide;
  readonly sideB: CtiSide | undefined;
}

/** The loopback address that reaches a listener bound to `bind`. */
export function loopbackFor(bind: string): string {
  if (bind === '::' || bind === '0.0.0.0' || bind === '*' || bind === '') return '127.0.0.1';
  return bind;
}

/**
 * The sides the link should use. `embeddedPort` is the port the embedded CTI server listens on
 * (undefined when it does not run). Returns the problem when side A cannot be resolved.
 */
export function resolveSides(cti: CtiConfig, bind: string, embeddedPort: number | undefined): { ok: true; sides: LinkSides } | { ok: false; problem: string } {
  const side = (s: CtiConfig['sideA'], name: SideName): CtiSide | undefined | string => {
    if (s.host === '') {
      if (name === 'B') return undefined;
      if (embeddedPort === undefined) return 'cti.embeddedServer is off, so cti.aSideHost must name the CTI server to link to';
      return { host: loopbackFor(bind), port: s.port === 0 ? embeddedPort : s.port, tls: s.tls };
    }
    const port = s.port !== 0 ? s.port : embeddedPort;
    if (port === undefined) return `cti.${name.toLowerCase()}SidePort must be set when the embedded CTI server is off`;
    return { host: s.host, port, tls: s.tls };
  };
  const a = side(cti.sideA, 'A');
  const b = side(cti.sideB, 'B');
  if (typeof a === 'string') return { ok: false, problem: a };
  if (a === undefined) return { ok: false, problem: 'no CTI server A side' };
  if (typeof b === 'string') return { ok: false, problem: b };
  return { ok: true, sides: { sideA: a, sideB: b } };
}

/** `host port [tls on|off]` words of `set cti side a|b …`, or `none` for side B. */
export function parseSideWords(words: readonly string[], side: SideName): { ok: true; side: CtiSide | undefined } | { ok: false; problem: string } {
  const usage = `set cti side ${side.toLowerCase()} <host> <port> [tls on|off]${side === 'B' ? ' | none' : ''}`;
  if (side === 'B' && words.length === 1 && words[0]?.toLowerCase() === 'none') return { ok: true, side: undefined };
  const [host, portText, tlsWord, tlsValue, ...extra] = words;
  if (host === undefined || portText === undefined || extra.length > 0) return { ok: false, problem: `usage: ${usage}` };
  if (host.length > 253 || (isIP(host) === 0 && !isHostName(host))) return { ok: false, problem: `${JSON.stringify(host.slice(0, 64))} is not a host name or IP address` };
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65_535) return { ok: false, problem: `port ${portText.slice(0, 16)}: must be 1 to 65535` };
  let tls = true;
  if (tlsWord !== undefined) {
    if (tlsWord.toLowerCase() !== 'tls' || (tlsValue?.toLowerCase() !== 'on' && tlsValue?.toLowerCase() !== 'off')) return { ok: false, problem: `usage: ${usage}` };
    tls = tlsValue.toLowerCase() === 'on';
  }
  return { ok: true, side: { host, port: Number(portText), tls } };
}

/** The JSON form of a side for the admin API: `{host, port, tls}`; null = none. */
export function parseSideJson(value: unknown, side: SideName): { ok: true; side: CtiSide | undefined } | { ok: false; problem: string } {
  if (value === null && side === 'B') return { ok: true, side: undefined };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: `side${side} must be an object {host, port, tls}${side === 'B' ? ' or null' : ''}` };
  const v = value as Record<string, unknown>;
  const unknownKey = Object.keys(v).find((k) => !['host', 'port', 'tls'].includes(k));
  if (unknownKey !== undefined) return { ok: false, problem: `side${side}: unknown field ${JSON.stringify(unknownKey.slice(0, 32))}` };
  if (typeof v['host'] !== 'string') return { ok: false, problem: `side${side}.host must be a string` };
  if (typeof v['port'] !== 'number' || !Number.isInteger(v['port'])) return { ok: false, problem: `side${side}.port must be a whole number` };
  if (v['tls'] !== undefined && typeof v['tls'] !== 'boolean') return { ok: false, problem: `side${side}.tls must be true or false` };
  const words = [v['host'], String(v['port']), 'tls', v['tls'] === false ? 'off' : 'on'];
  return parseSideWords(words, side);
}

export const describeSide = (s: CtiSide | undefined): string => (s ? `${s.host}:${s.port}${s.tls ? '' : ' (SSL encryption disabled)'}` : 'none');
