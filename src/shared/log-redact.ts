// The redaction guard of every Parley log line and of the log archive (issue 10 item 1): whatever a
// subsystem passes to a Logger, these secrets never reach a file. Pure; each rule is a regular
// expression with a bounded pattern (no nested quantifiers), so a hostile 1 MB line costs linear time.
// - PEM private keys (any "-----BEGIN … PRIVATE KEY-----" block, even one cut off by truncation);
// - SASL payloads: the text of <auth>, <response>, <challenge>, <success> (RFC 6120 §6.4);
// - passwords: password=…, "password": "…", <password>…</password>, Authorization: Basic/Bearer …;
// - BOSH session ids: sid='…' / sid="…" attributes (the sid is a credential; logs use a display id);
// - SCRAM credentials: storedKey / serverKey / salt values.
export const REDACTED = '[redacted]';

interface Rule {
  readonly pattern: RegExp;
  readonly replace: string | ((...m: string[]) => string);
}

const RULES: readonly Rule[] = [
  // A whole PEM private-key block, or its beginning when the line was truncated before its end.
  { pattern: /-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----|[\s\S]*$)/g,
    replace: (_m, kind) => `-----BEGIN ${kind}PRIVATE KEY----- ${REDACTED} -----END ${kind}PRIVATE KEY-----` },
  // SASL elements with a payload (any prefix, any attributes).
  { pattern: /<((?:[\w.-]{1,32}:)?(?:auth|response|challenge|success))(\s[^<>]{0,512})?>([^<]+)<\/\1>/g,
    replace: (_m, name, attrs = '') => `<${name}${attrs}>${REDACTED}</${name}>` },
  { pattern: /<((?:[\w.-]{1,32}:)?password)(\s[^<>]{0,512})?>([^<]*)<\/\1>/gi,
    replace: (_m, name, attrs = '') => `<${name}${attrs}>${REDACTED}</${name}>` },
  // "password": "…" in JSON, and password=… in query strings or key=value text.
  { pattern: /("(?:password|passwd|secret|passphrase|storedKey|serverKey|salt|privateKey)"\s*:\s*)"(?:[^"\\]|\\.){0,4096}"/gi,
    replace: (_m, head) => `${head}"${REDACTED}"` },
  { pattern: /\b(password|passwd|pwd|secret|passphrase)=([^\s&;,'"]{1,4096})/gi,
    replace: (_m, key) => `${key}=${REDACTED}` },
  { pattern: /\b(authorization:\s*)(basic|bearer|digest)\s+[^\s,;]{1,4096}/gi,
    replace: (_m, head, scheme) => `${head}${scheme} ${REDACTED}` },
  // BOSH sid attributes.
  { pattern: /(\bsid\s*=\s*)(['"])[^'"<>]{1,256}\2/g,
    replace: (_m, head, q) => `${head}${q}${REDACTED}${q}` },
];

/** Replaces every secret the rules recognize; returns the text unchanged when there is none. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    out = out.replace(rule.pattern, rule.replace as (...m: string[]) => string);
  }
  return out;
}

/** A JSON value with every secret-looking key replaced (for the redacted configuration of the archive). */
export function redactObject(value: unknown, depth = 0): unknown {
  if (depth > 32) return REDACTED;
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map((v) => redactObject(v, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) ? REDACTED : redactObject(v, depth + 1);
  }
  return out;
}

const SECRET_KEY = /pass(word|wd|phrase)?$|secret|private.?key|^key$|storedkey|serverkey|^salt$|token|credential/i;
