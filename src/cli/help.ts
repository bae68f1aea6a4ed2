// Help texts. The `serve` options are rendered from the config schema, so every option appears with its
// real default, bounds and environment variable; the admin words come from the admin catalogue.
import { ADMIN_CATALOGUE } from '../admin/catalogue.js';
import { DEFAULT_CONFIG } from '../config/defaults.js';
import { CONFIG_OPTION, SETTINGS, type SettingGroup, type SettingSpec } from '../config/schema.js';

const COLUMN = 34;

const GROUP_TITLES: Record<SettingGroup, string> = {
  general: 'General:',
  ports: 'Ports (0 = any free port; the ready line reports the port actually bound):',
  xmpp: 'XMPP:',
  timers: 'Timers (seconds):',
  advanced: 'Finer settings (config file or environment only; config keys in nested sections):',
};

function defaultOf(spec: SettingSpec): string {
  if (spec.defaultText) return spec.defaultText;
  const value = spec.path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], DEFAULT_CONFIG);
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return String(value);
}

function bounds(spec: SettingSpec): string {
  const k = spec.kind;
  if (k.type === 'int') return ` · ${k.min} to ${k.max}${k.zero ? ` (0 = ${k.zero})` : ''}`;
  return '';
}

const WIDTH = 100;

/** Word-wraps text into lines of at most WIDTH columns, every line indented by COLUMN spaces. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && COLUMN + current.length + 1 + word.length > WIDTH) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines.map((l) => `${' '.repeat(COLUMN)}${l}`);
}

function entry(name: string, help: string, details: string): string {
  const body = [...wrap(help), ...wrap(details)];
  const first = body[0] ?? '';
  const head = name.length + 2 < COLUMN ? [`  ${name.padEnd(COLUMN - 2)}${first.slice(COLUMN)}`] : [`  ${name}`, first];
  return [...head, ...body.slice(1)].join('\n');
}

function settingEntry(spec: SettingSpec): string {
  const name = spec.flag ? `--${spec.flag}${spec.placeholder ? ` ${spec.placeholder}` : ''}` : `${spec.key} ${spec.placeholder}`.trimEnd();
  const fileKey = spec.flag ? ` · config key "${spec.key}"` : '';
  const negation = spec.flag && spec.kind.type === 'bool' ? ` · off again: --no-${spec.flag}` : '';
  return entry(name, spec.help, `default ${defaultOf(spec)}${bounds(spec)} · env ${spec.env}${fileKey}${negation}`);
}

export function overviewHelp(version: string): string {
  return `Parley ${version}: an open contact-center agent platform that speaks the Cisco Finesse wire protocols.

Usage:
  parley serve [options]                       start a Parley node (\`npm start\` runs this)
  parley admin [--data DIR] <words…>           run an admin command on the running node (Cisco CLI wording)
  parley sim call --queue N --ani DIGITS       offer a simulated inbound call to a queue
  parley help [serve|admin|sim]                show help for a command
  parley --version                             print the version

Examples:
  npx parley serve                             demo system in ./data on the default ports
  npx parley serve --data /var/lib/parley --fqdn fin1.example.com
  npx parley admin show status
  npx parley admin utils finesse cors allowed_origin add https://app.example.com
  npx parley sim call --queue 1 --ani 5551234

\`parley admin\` and \`parley sim\` find the running node through its data directory
(--data DIR, else PARLEY_DATA, else ./data), so use the same --data as \`parley serve\`.
Run \`parley <command> --help\` for the details of a command.
`;
}

export function serveHelp(): string {
  const groups = (['general', 'ports', 'xmpp', 'timers'] as const).map((group) => {
    const entries = SETTINGS.filter((s) => s.group === group && s.flag).map(settingEntry);
    if (group === 'general') {
      entries.splice(1, 0, entry(`--${CONFIG_OPTION.flag} ${CONFIG_OPTION.placeholder}`, CONFIG_OPTION.help,
        `default ${CONFIG_OPTION.defaultText} · env ${CONFIG_OPTION.env}`));
    }
    return `${GROUP_TITLES[group]}\n${entries.join('\n')}`;
  });
  const finer = SETTINGS.filter((s) => !s.flag).map(settingEntry).join('\n');
  return `Usage: parley serve [options]

Starts a complete Parley node: the Finesse REST API and agent desktop, the notification service
(XMPP over TCP, BOSH and WebSocket, with pubsub), the embedded CTI server and ACD simulator, and
Live Data. The first start of an empty data directory creates the certificates and the demo data.

When every listener is up, exactly one JSON line goes to stdout, e.g.
  {"event":"ready","fqdn":"localhost","data":"/abs/data","ca":"/abs/data/pki/trust/ca.pem","ports":{"https":8445,…}}
Logs and warnings go to stderr. SIGTERM or Ctrl-C stops the node cleanly within 5 seconds.

Every setting can come from a command-line flag, a PARLEY_* environment variable or the config
file. A flag wins over the environment, the environment over the config file, the config file over
the default. Invalid settings are all reported at once (exit code 2).

${groups.join('\n\n')}

${GROUP_TITLES.advanced}
${finer}

Config file: JSON, keys are the option names in camelCase, finer settings in sections; relative
paths in it are relative to the file. Keys starting with "//" are comments. Example:
  {
    "fqdn": "fin1.example.com",
    "portXmpp": 0,
    "logoutGrace": 120,
    "xmpp": { "stanzaSizeLimit": 300000, "maxConnectionsPerIp": 20000 },
    "offline": { "maxMessages": 1000 }
  }

Examples:
  npx parley serve
      demo system in ./data on the default ports
  npx parley serve --data /var/lib/parley --fqdn fin1.example.com --bind 10.0.0.5
  npx parley serve --data /tmp/p --port-https 0 --port-notification 0 --port-xmpp 0 \\
                   --port-xmpps 0 --port-cti 0 --port-livedata 0
      every listener on a free port; read the ports from the ready line
  PARLEY_FQDN=fin1.example.com PARLEY_LOG_LEVEL=debug npx parley serve
  npx parley serve --xmpp-allow-plaintext-auth
      let legacy Finesse samples authenticate with PLAIN on the xmpp port without TLS (lab only)
`;
}

export function adminHelp(): string {
  const width = Math.max(...ADMIN_CATALOGUE.map((c) => c.usage.length)) + 2;
  const list = ADMIN_CATALOGUE.map((c) => `  ${c.usage.padEnd(width)}${c.summary}`).join('\n');
  return `Usage: parley admin [--data DIR] [--config FILE] <words…>

Runs one admin command on the running Parley node of a data directory (--data DIR, else PARLEY_DATA,
else the "data" of --config FILE / PARLEY_CONFIG, else ./data) and prints its output. The words
follow the Cisco Finesse CLI. The exit code is the command's: 0 success, 1 failure, 2 unknown command
or bad arguments, 3 no node is running for that data directory.

Commands:
${list}

\`parley admin help\` lists the commands the running node actually serves;
\`parley admin <words…> --help\` shows the usage of one command.

Examples:
  npx parley admin show status
  npx parley admin --data /var/lib/parley utils finesse cors status
  npx parley admin utils finesse cors allowed_origin add https://app.example.com
  npx parley admin user bulk-add --first 2000001 --count 10000 --password agent --team 1
`;
}

export function simHelp(): string {
  return `Usage: parley sim call --queue N --ani DIGITS [--dnis DIGITS] [--var NAME=VALUE]… [--data DIR]
       parley sim hangup CALLID [--data DIR]
       parley sim scenario FILE.json | stop | status [--data DIR]

sim call offers an inbound call to queue N (a CSQ id, e.g. 1 "Sales") from the calling number DIGITS
on the running node's embedded CTI/ACD simulator; the ACD routes it to the longest-ready agent of that
queue and prints the call id. --dnis sets the dialled number (default 8000); --var sets a call variable
(callVariable1 … callVariable10, ≤ 40 bytes) or an ECC variable (user.NAME), and may repeat.
sim hangup CALLID: the caller hangs up (an unanswered call is abandoned).
sim scenario FILE.json runs a load/demo scenario on the embedded ACD: a JSON object with
arrivalRatePerS, handleTimeS, abandonRate, durationS (required) and queues, patienceS, autoAnswer,
answerDelayS, wrapUpS, loginAgents (optional); it signs every agent in and READY unless
"loginAgents": false. sim scenario status shows its counters, sim scenario stop ends it.
The node is found like \`parley admin\` finds it (--data DIR, else PARLEY_DATA, else ./data).

Examples:
  npx parley sim call --queue 1 --ani 5551234
  npx parley sim call --queue 1 --ani 5551234 --dnis 8000 --var callVariable1=Gold --var user.lang=en
  npx parley sim hangup 3
  echo '{"arrivalRatePerS": 2, "handleTimeS": 30, "abandonRate": 0.1, "durationS": 300}' > demo.json
  npx parley sim scenario demo.json
  npx parley sim call --queue 2 --ani 5559876 --data /var/lib/parley
`;
}
