// What the BOSH benchmark needs from a server under test, on top of the TCP benchmark's ServerUnderTest,
// and two /proc helpers: the listening sockets of a process (to prove everything stays on 127.0.0.1) and
// the descendants of a process (ejabberdctl → erl → beam.smp).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import type { ServerOptions, ServerUnderTest } from './server.js';

export interface BoshServerOptions extends ServerOptions {
  /** BOSH over HTTPS (true) or plain HTTP (false); Parley always serves HTTPS. */
  boshTls: boolean;
  /** Seconds without an open request before a BOSH session ends (the same on every server). */
  inactivityS: number;
  /** Longest wait granted (the client asks for less). */
  maxWaitS: number;
  /** ejabberd only: auth_password_format (default scram, as the other servers store SCRAM keys). */
  ejabberdPasswordFormat?: 'scram' | 'plain';
}

export interface BoshServerUnderTest extends ServerUnderTest {
  /** e.g. https://127.0.0.1:PORT/http-bind */
  boshUrl: string;
  /** Trust anchor of the BOSH listener's certificate (HTTPS). */
  boshCa: Buffer | undefined;
  /** Where pubsub nodes and items live (for the report). */
  pubsubStorage: string;
  /** Every process of the server (for the loopback check). */
  pids(): number[];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/** Direct and indirect children of `pid` (from /proc/<n>/stat), depth-first. */
export function descendants(pid: number): { pid: number; comm: string }[] {
  const parent = new Map<number, number>();
  const comm = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      comm.set(Number(name), stat.slice(stat.indexOf('(') + 1, close));
      parent.set(Number(name), Number(stat.slice(close + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const out: { pid: number; comm: string }[] = [];
  const walk = (p: number): void => {
    for (const [child, pp] of parent) {
      if (pp === p) {
        out.push({ pid: child, comm: comm.get(child) ?? '?' });
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

/** TCP sockets in LISTEN state and bound UDP sockets held by the given processes: "tcp 127.0.0.1:5222". */
export function listeningSockets(pids: number[]): string[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch { continue; }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch { /* closed meanwhile */ }
    }
  }
  const out: string[] = [];
  for (const [file, proto, v6] of [['tcp', 'tcp', false], ['tcp6', 'tcp', true], ['udp', 'udp', false], ['udp6', 'udp', true]] as const) {
    let text = '';
    try {
      text = readFileSync(`/proc/net/${file}`, 'utf8');
    } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || !inodes.has(f[9]!)) continue;
      if (proto === 'tcp' && f[3] !== '0A') continue; // LISTEN
      if (proto === 'udp' && f[3] !== '07') continue; // unconnected (bound)
      const [hex, portHex] = f[1]!.split(':') as [string, string];
      out.push(`${proto} ${v6 ? ipv6(hex) : ipv4(hex)}:${Number.parseInt(portHex, 16)}`);
    }
  }
  return out;
}

const ipv4 = (hex: string): string => [3, 2, 1, 0].map((i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');

function ipv6(hex: string): string {
  const words: string[] = [];
  for (let w = 0; w < 4; w++) {
    const chunk = hex.slice(w * 8, w * 8 + 8);
    const le = chunk.match(/../g)!.reverse().join('');
    words.push(le.slice(0, 4), le.slice(4, 8));
  }
  const text = words.map((w) => Number.parseInt(w, 16).toString(16)).join(':');
  if (text === '0:0:0:0:0:ffff:7f00:1') return '::ffff:127.0.0.1';
  return text === '0:0:0:0:0:0:0:1' ? '::1' : text;
}

/** Throws unless every listening socket of the server is on a loopback address. */
export function assertLoopbackOnly(name: string, pids: number[]): string[] {
  const socks = listeningSockets(pids);
  const bad = socks.filter((s) => !/ (127\.\d+\.\d+\.\d+|::1|::ffff:127\.0\.0\.1):\d+$/.test(s));
  if (bad.length > 0) throw new Error(`${name} listens beyond loopback: ${bad.join(', ')}`);
  return socks;
}
