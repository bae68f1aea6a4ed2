// Stream errors (RFC 6120 §4.9). "Stream Errors Are Unrecoverable": the session sends <stream:error/>,
// then closes the stream.
import { Element, xml } from '../../xml/element.js';
import { NS_STREAM, NS_STREAMS_ERR } from '../../xml/ns.js';

export type StreamCondition =
  | 'bad-format' | 'bad-namespace-prefix' | 'conflict' | 'connection-timeout' | 'host-gone' | 'host-unknown'
  | 'improper-addressing' | 'internal-server-error' | 'invalid-from' | 'invalid-namespace' | 'invalid-xml'
  | 'not-authorized' | 'not-well-formed' | 'policy-violation' | 'remote-connection-failed' | 'reset'
  | 'resource-constraint' | 'restricted-xml' | 'see-other-host' | 'system-shutdown' | 'undefined-condition'
  | 'unsupported-encoding' | 'unsupported-feature' | 'unsupported-stanza-type' | 'unsupported-version';

export class StreamError extends Error {
  override name = 'StreamError';
  readonly condition: StreamCondition;
  readonly text: string | undefined;

  constructor(condition: StreamCondition, text?: string, opts?: { cause?: unknown }) {
    super(text ?? condition, opts);
    this.condition = condition;
    this.text = text;
  }

  toElement(): Element {
    return streamErrorElement(this.condition, this.text);
  }
}

export function streamErrorElement(condition: StreamCondition, text?: string): Element {
  return xml('stream:error', { xmlns: NS_STREAM },
    xml(condition, { xmlns: NS_STREAMS_ERR }),
    text ? xml('text', { xmlns: NS_STREAMS_ERR, 'xml:lang': 'en' }, text) : null);
}
