// Client → server messages of the Live Data stream (docs/livedata.md), parsed strictly: JSON objects
// with a known `type`; anything else is refused with a sentence that says what was expected.
import { err, ok, type Result } from '../shared/result.js';
import { REPORT_NAMES, type ReportName } from './reports.js';

export type ClientMessage =
  | { type: 'auth'; authorization: string }
  | { type: 'subscribe'; report: ReportName }
  | { type: 'unsubscribe'; report: ReportName }
  | { type: 'ping' };

export function parseClientMessage(text: string | null): Result<ClientMessage, string> {
  if (text === null) return err('binary frames are not accepted: send JSON text');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return err('not JSON: send {"type":"subscribe","report":"agents|teams|queues"}');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return err('a message is a JSON object with a "type"');
  const m = v as Record<string, unknown>;
  switch (m.type) {
    case 'ping': return ok({ type: 'ping' });
    case 'auth':
      return typeof m.authorization === 'string' && m.authorization.length <= 1024
        ? ok({ type: 'auth', authorization: m.authorization })
        : err('"auth" needs "authorization": "Basic <base64 id:password>"');
    case 'subscribe': case 'unsubscribe':
      return typeof m.report === 'string' && (REPORT_NAMES as readonly string[]).includes(m.report)
        ? ok({ type: m.type, report: m.report as ReportName })
        : err(`"${m.type}" needs "report": one of ${REPORT_NAMES.join(', ')}`);
    default:
      return err(`unknown message type ${JSON.stringify(String(m.type)).slice(0, 60)}; expected auth, subscribe, unsubscribe or ping`);
  }
}
