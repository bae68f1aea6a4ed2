// Starting Debian's prosody for a benchmark ([notification-service] §5.5, §6.3): run in the foreground
// with a configuration of our own in a temporary directory; loopback only, one c2s port (and a BOSH
// port when asked), pubsub at pubsub.<domain> with memory storage for nodes and items.
//
// Accounts: `prosodyctl register` costs a process start per user, so the account files are written here
// in the format of mod_auth_internal_hashed (verified against `prosodyctl register` output): SCRAM-SHA-1
// stored_key/server_key in hex, salt, iteration_count. Like `parley admin user bulk-add`, one credential
// record (one salt) is shared by every bulk user; 4096 iterations as on Parley (Prosody's default is 10000).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, createHmac, pbkdf2Sync, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canConnect, freePort } from './bosh-server.js';
import { removeTempDir, spawnTracked, stopChild, trackTempDir } from './proc.js';
import type { ServerOptions } from './server.js';

export const ITERATIONS = 4096;

/** Prosody's datamanager file-name encoding: every non-alphanumeric character as %xx. */
export const encode = (s: string): string => s.replace(/[^A-Za-z0-9]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** A mod_auth_internal_hashed account record (SCRAM-SHA-1), as `prosodyctl register` writes it. */
function accountRecord(password: string): string {
  const salt = randomUUID();
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 20, 'sha1');
  const storedKey = createHash('sha1').update(createHmac('sha1', salted).update('Client Key').digest()).digest('hex');
  const serverKey = createHmac('sha1', salted).update('Server Key').digest('hex');
  return `return {\n\t["iteration_count"] = ${ITERATIONS};\n\t["stored_key"] = "${storedKey}";\n`
    + `\t["server_key"] = "${serverKey}";\n\t["salt"] = "${salt}";\n};\n`;
}

/** Self-signed RSA 2048 certificate (like Parley's server certificate) for the domain and its pubsub host. */
export function makeCertificate(dir: string, domain: string): { keyFile: string; certFile: string } {
  mkdirSync(dir, { recursive: true });
  const keyFile = join(dir, `${domain}.key`);
  const certFile = join(dir, `${domain}.crt`);
  const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile,
    '-days', '3', '-subj', `/CN=${domain}`, '-addext', `subjectAltName=DNS:${domain},DNS:pubsub.${domain}`], { encoding: 'utf8' });
  if (ssl.status !== 0) throw new Error(`openssl failed: ${ssl.stderr}`);
  return { keyFile, certFile };
}

/** mod_bosh on a port of its own. */
export interface ProsodyBosh { tls: boolean; inactivityS: number; maxWaitS: number }

interface Cert { keyFile: string; certFile: string }

function prosodyConfig(dir: string, c2sPort: number, opts: ServerOptions, cert: Cert, bosh?: { port: number } & ProsodyBosh): string {
  const d = opts.domain;
  const http = !bosh ? 'http_ports = { }; https_ports = { }'
    : bosh.tls
      ? `http_interfaces = { "127.0.0.1" }; https_interfaces = { "127.0.0.1" }\nhttp_ports = { }; https_ports = { ${bosh.port} }\nhttps_ssl = { key = "${cert.keyFile}"; certificate = "${cert.certFile}"; }`
      : `http_interfaces = { "127.0.0.1" }; https_interfaces = { "127.0.0.1" }\nhttp_ports = { ${bosh.port} }; https_ports = { }`;
  const plain = bosh ? (bosh.tls ? 'false' : 'true -- BOSH over plain HTTP on loopback') : (opts.tls ? 'false' : 'true');
  const boshLines = bosh
    ? `consider_bosh_secure = ${bosh.tls ? 'false' : 'true'}\nbosh_max_inactivity = ${bosh.inactivityS}\nbosh_max_wait = ${bosh.maxWaitS}\n`
    : '';
  return `-- Parley ${bosh ? 'BOSH ' : ''}benchmark: Prosody reference configuration (loopback only), after [notification-service] §5.5
${process.getuid?.() === 0 ? 'run_as_root = true -- the benchmark runs as root in this VM; nothing else is switched\n' : ''}pidfile = "${dir}/prosody.pid"
data_path = "${dir}/data"
certificates = "${dir}/certs"
admins = { "admin@${d}" }
interfaces = { "127.0.0.1" }; local_interfaces = { "127.0.0.1" }
c2s_ports = { ${c2sPort} }; s2s_ports = { }; component_ports = { }
${http}
modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping"; "posix"; "offline";${bosh ? ' "bosh";' : ''} }
modules_disabled = { "s2s" }
c2s_require_encryption = ${bosh || opts.tls ? 'true' : 'false'}
allow_unencrypted_plain_auth = ${plain}
${boshLines}authentication = "internal_hashed"
default_iteration_count = ${ITERATIONS}
default_storage = "internal"
storage = { pubsub_nodes = "memory"; pubsub_data = "memory"; }
network_settings = { nagle = false; tcp_backlog = 511; }
log = { warn = "${dir}/prosody.log" }
${opts.prosodyGc ? `gc = { mode = "${opts.prosodyGc}" }\n` : '-- gc: Prosody 0.12 default (incremental, threshold 105, speed 500)\n'}ssl = { key = "${cert.keyFile}"; certificate = "${cert.certFile}"; }

VirtualHost "${d}"

Component "pubsub.${d}" "pubsub"
  pubsub_max_items = 256
`;
}

export interface ProsodyProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  boshPort: number | undefined;
  certPem: Buffer;
  version: string;
  /** The configuration for the report: paths as DIR, ports as PORT and BOSH_PORT. */
  configText: string;
  accountsNote: string;
  stop(): Promise<{ graceful: boolean }>;
  logTail(): string;
}

export async function launchProsody(opts: ServerOptions, launch: { dirPrefix: string; bosh?: ProsodyBosh }): Promise<ProsodyProcess> {
  const dir = trackTempDir(mkdtempSync(join(tmpdir(), launch.dirPrefix)));
  const cert = makeCertificate(join(dir, 'certs'), opts.domain);

  const accounts = join(dir, 'data', encode(opts.domain), 'accounts');
  mkdirSync(accounts, { recursive: true });
  writeFileSync(join(accounts, 'admin.dat'), accountRecord(opts.adminPassword));
  const shared = accountRecord(opts.userPassword);
  for (let i = 0; i < opts.count; i++) writeFileSync(join(accounts, `${encode(String(opts.firstUser + i))}.dat`), shared);

  const port = await freePort();
  let boshPort: number | undefined;
  if (launch.bosh) {
    boshPort = await freePort();
    while (boshPort === port) boshPort = await freePort();
  }
  const configFile = join(dir, 'prosody.cfg.lua');
  const configText = prosodyConfig(dir, port, opts, cert, launch.bosh && boshPort !== undefined ? { port: boshPort, ...launch.bosh } : undefined);
  writeFileSync(configFile, configText);

  const outFd = openSync(join(dir, 'prosody.out'), 'a');
  const prosodyArgs = ['-F', '--config', configFile];
  const [cmd, args] = opts.pinCpu === undefined
    ? ['prosody', prosodyArgs]
    : ['taskset', ['-c', String(opts.pinCpu), 'prosody', ...prosodyArgs]];
  const child = spawnTracked(cmd, args, { cwd: dir, stdio: ['ignore', outFd, outFd] });
  closeSync(outFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start prosody');
  const logTail = (): string => ['prosody.out', 'prosody.log']
    .map((f) => { try { return readFileSync(join(dir, f), 'utf8').split('\n').slice(-10).join('\n'); } catch { return ''; } })
    .join('\n');

  const ports = boshPort === undefined ? [port] : [port, boshPort];
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`prosody exited before listening:\n${logTail()}`);
    if ((await Promise.all(ports.map(canConnect))).every(Boolean)) break;
    if (Date.now() > deadline) throw new Error(`prosody did not listen on ${ports.join(' and ')} within 30 s:\n${logTail()}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  const versionFile = '/usr/lib/prosody/prosody.version';
  const version = existsSync(versionFile) ? readFileSync(versionFile, 'utf8').trim() : '?';
  const lua = spawnSync('lua5.4', ['-v'], { encoding: 'utf8' }).stdout?.trim().split(' ').slice(0, 2).join(' ') || 'Lua ?';

  return {
    child,
    pid,
    port,
    boshPort,
    certPem: readFileSync(cert.certFile),
    version: `Prosody ${version} (${lua}, epoll backend)`,
    configText: [
      `$ ${opts.pinCpu === undefined ? '' : `taskset -c ${opts.pinCpu} `}prosody -F --config DIR/prosody.cfg.lua`,
      configText.replaceAll(dir, 'DIR').replace(/c2s_ports = \{ \d+ \}/, 'c2s_ports = { PORT }')
        .replace(/https?_ports = \{ \d+ \}/, (m) => m.replace(/\d+/, 'BOSH_PORT')).trimEnd(),
    ].join('\n'),
    accountsNote: [
      `Accounts: DIR/data/${encode(opts.domain)}/accounts/<user>.dat written by the benchmark (SCRAM-SHA-1, ${ITERATIONS} iterations,`,
      'one shared salt for the bulk users). Nodes: created by admin@ with a submitted pubsub#node_config form:',
      'max_items 1, persist_items 1 (memory store), notification_type normal, send_last_published_item never, access_model open.',
    ].join('\n'),
    async stop() {
      const { graceful } = await stopChild(child, 8000);
      removeTempDir(dir);
      return { graceful };
    },
    logTail,
  };
}
