// Prosody under test ([notification-service] §5.5, §6.3): Debian's prosody run in the foreground with a
// config of our own in a temporary directory; loopback only, one c2s port, pubsub at pubsub.<domain> with
// memory storage for nodes and items, accounts as internal (file) storage written directly by us.
//
// Accounts: `prosodyctl register` costs a process start per user, so the account files are written here
// in the format of mod_auth_internal_hashed (verified against `prosodyctl register` output): SCRAM-SHA-1
// stored_key/server_key in hex, salt, iteration_count. Like `parley admin user bulk-add`, one credential
// record (one salt) is shared by every bulk user; 4096 iterations as on Parley (Prosody's default is 10000).
import { spawnSync } from 'node:child_process';
import { createHash, createHmac, pbkdf2Sync, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeTempDir, spawnTracked, stopChild, trackTempDir } from './proc.js';
import type { ServerOptions, ServerUnderTest } from './server.js';

const ITERATIONS = 4096;

/** Prosody's datamanager file-name encoding: every non-alphanumeric character as %xx. */
const encode = (s: string): string => s.replace(/[^A-Za-z0-9]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

function accountRecord(password: string): string {
  const salt = randomUUID();
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 20, 'sha1');
  const storedKey = createHash('sha1').update(createHmac('sha1', salted).update('Client Key').digest()).digest('hex');
  const serverKey = createHmac('sha1', salted).update('Server Key').digest('hex');
  return `return {\n\t["iteration_count"] = ${ITERATIONS};\n\t["stored_key"] = "${storedKey}";\n`
    + `\t["server_key"] = "${serverKey}";\n\t["salt"] = "${salt}";\n};\n`;
}

function freePort(): Promise<number> {
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

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

function prosodyConfig(dir: string, port: number, opts: ServerOptions): string {
  const d = opts.domain;
  return `-- Parley benchmark: Prosody reference configuration (loopback only), after [notification-service] §5.5
${process.getuid?.() === 0 ? 'run_as_root = true -- the benchmark runs as root in this VM; nothing else is switched\n' : ''}pidfile = "${dir}/prosody.pid"
data_path = "${dir}/data"
certificates = "${dir}/certs"
admins = { "admin@${d}" }
interfaces = { "127.0.0.1" }; local_interfaces = { "127.0.0.1" }
c2s_ports = { ${port} }; s2s_ports = { }; http_ports = { }; https_ports = { }; component_ports = { }
modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping"; "posix"; "offline"; }
modules_disabled = { "s2s" }
c2s_require_encryption = ${opts.tls ? 'true' : 'false'}
allow_unencrypted_plain_auth = ${opts.tls ? 'false' : 'true'}
authentication = "internal_hashed"
default_iteration_count = ${ITERATIONS}
default_storage = "internal"
storage = { pubsub_nodes = "memory"; pubsub_data = "memory"; }
network_settings = { nagle = false; tcp_backlog = 511; }
log = { warn = "${dir}/prosody.log" }
${opts.prosodyGc ? `gc = { mode = "${opts.prosodyGc}" }\n` : '-- gc: Prosody 0.12 default (incremental, threshold 105, speed 500)\n'}ssl = { key = "${dir}/certs/${d}.key"; certificate = "${dir}/certs/${d}.crt"; }

VirtualHost "${d}"

Component "pubsub.${d}" "pubsub"
  pubsub_max_items = 256
`;
}

export async function startProsody(opts: ServerOptions): Promise<ServerUnderTest> {
  const dir = trackTempDir(mkdtempSync(join(tmpdir(), 'prosody-bench-')));
  const certs = join(dir, 'certs');
  mkdirSync(certs);
  const keyFile = join(certs, `${opts.domain}.key`);
  const certFile = join(certs, `${opts.domain}.crt`);
  // RSA 2048 like Parley's default server certificate, so both handshakes cost the same.
  const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile,
    '-days', '3', '-subj', `/CN=${opts.domain}`, '-addext', `subjectAltName=DNS:${opts.domain},DNS:pubsub.${opts.domain}`],
  { encoding: 'utf8' });
  if (ssl.status !== 0) throw new Error(`openssl failed: ${ssl.stderr}`);

  const accounts = join(dir, 'data', encode(opts.domain), 'accounts');
  mkdirSync(accounts, { recursive: true });
  writeFileSync(join(accounts, 'admin.dat'), accountRecord(opts.adminPassword));
  const shared = accountRecord(opts.userPassword);
  for (let i = 0; i < opts.count; i++) writeFileSync(join(accounts, `${encode(String(opts.firstUser + i))}.dat`), shared);

  const port = await freePort();
  const configFile = join(dir, 'prosody.cfg.lua');
  const configText = prosodyConfig(dir, port, opts);
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

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`prosody exited before listening:\n${logTail()}`);
    if (await canConnect(port)) break;
    if (Date.now() > deadline) throw new Error(`prosody did not listen on ${port} within 30 s:\n${logTail()}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  const versionFile = '/usr/lib/prosody/prosody.version';
  const version = existsSync(versionFile) ? readFileSync(versionFile, 'utf8').trim() : '?';
  const lua = spawnSync('lua5.4', ['-v'], { encoding: 'utf8' }).stdout?.trim().split(' ').slice(0, 2).join(' ') || 'Lua ?';

  return {
    name: 'Prosody',
    version: `Prosody ${version} (${lua}, epoll backend)`,
    pid,
    port,
    ca: readFileSync(certFile),
    configText: [
      `$ ${opts.pinCpu === undefined ? '' : `taskset -c ${opts.pinCpu} `}prosody -F --config DIR/prosody.cfg.lua`,
      configText.replaceAll(dir, 'DIR').trimEnd(),
      `Accounts: DIR/data/${encode(opts.domain)}/accounts/<user>.dat written by the benchmark (SCRAM-SHA-1, ${ITERATIONS} iterations,`,
      'one shared salt for the bulk users). Nodes: created by admin@ with a submitted pubsub#node_config form:',
      'max_items 1, persist_items 1 (memory store), notification_type normal, send_last_published_item never, access_model open.',
      `TLS: self-signed RSA 2048 certificate made with openssl (${opts.tls ? 'STARTTLS required' : 'no TLS; plaintext PLAIN allowed'}).`,
      'SASL PLAIN is checked by PBKDF2-HMAC-SHA-1 with the stored iteration count.',
    ].join('\n'),
    async provision() { /* accounts were written before the start */ },
    createsNodes: true,
    async stop() {
      const { graceful } = await stopChild(child, 8000);
      removeTempDir(dir);
      return { graceful };
    },
    logTail,
  };
}
