// The quick check's result as text, for `utils cors quickcheck`. Pure.
import type { ProbeReport, QuickCheckResult } from './quickcheck.js';

const MARK = { error: 'ERROR  ', warning: 'WARNING', info: 'info   ' } as const;

function probeLines(title: string, p: ProbeReport): string[] {
  if (!p.sent) return [`${title}: not sent (${p.reason})`];
  const head = p.status === null ? `${title}: ${p.error}` : `${title}: HTTP ${p.status}${p.location ? ` → ${p.location}` : ''} (${p.durationMs} ms)`;
  return [head, ...Object.entries(p.headers).map(([k, v]) => `  ${k}: ${v}`)];
}

export function formatQuickCheck(r: QuickCheckResult): string {
  const q = r.request;
  const lines = [
    `CORS quick check: ${q.method} ${q.url}`,
    `  from origin ${q.origin}, credentials ${q.credentials}${q.headers.length ? `, headers ${q.headers.join(', ')}` : ''}`,
    '',
    ...probeLines('Preflight (OPTIONS)', r.preflight),
    ...probeLines(`Actual request (${q.method})`, r.actual),
    '',
  ];
  for (const f of r.findings) {
    lines.push(`${MARK[f.severity]} [${f.phase}] ${f.message}`);
    if (f.hint) lines.push(`        → ${f.hint}`);
  }
  lines.push('', `Verdict: ${r.verdict.toUpperCase()}. ${r.summary}`);
  if (r.consoleMessage) lines.push(`The browser console would say:`, `  ${r.consoleMessage}`);
  return lines.join('\n');
}
