// IQ handlers keyed by (type, namespace, element name). A handler returns the child of the result (or
// nothing) or throws a StanzaError; the reply is built here, once (style.md §6.9, RFC 6120 §8.2.3):
// an unhandled get/set gets service-unavailable, an exception internal-server-error.
import { Element, xml } from '../../xml/element.js';
import { errorReply, StanzaError } from '../stanza/stanza-error.js';
import type { Logger } from '../../shared/logger.js';
import { NS_CLIENT } from '../../xml/ns.js';

export interface IqContext {
  /** The sender's full JID (stamped by the server). */
  from: string;
  /** The bare JID of the sender. */
  fromBare: string;
  /** The address the IQ was sent to, as the reply's `from` (undefined = the account/server). */
  to: string | undefined;
}

export type IqHandler<C extends IqContext = IqContext> = (ctx: C, iq: Element, payload: Element) => Element | undefined | Promise<Element | undefined>;

export class IqRouter<C extends IqContext = IqContext> {
  #handlers = new Map<string, IqHandler<C>>();

  constructor(private readonly log?: Logger) {}

  on(type: 'get' | 'set', ns: string, name: string, handler: IqHandler<C>): this {
    this.#handlers.set(`${type} ${ns} ${name}`, handler);
    return this;
  }

  /** Answers a get/set IQ. Returns the reply stanza (result or error). */
  async handle(ctx: C, iq: Element): Promise<Element> {
    const type = iq.attr('type');
    const payloads = iq.elements();
    let reply: Element;
    try {
      // RFC 6120 §8.2.3: an IQ of type get or set MUST contain exactly one child element.
      if ((type !== 'get' && type !== 'set') || payloads.length !== 1) throw new StanzaError('bad-request');
      const payload = payloads[0]!;
      const handler = this.#handlers.get(`${type} ${payload.ns ?? ''} ${payload.localName}`);
      if (!handler) throw new StanzaError('service-unavailable');
      const child = await handler(ctx, iq, payload);
      reply = xml('iq', { xmlns: NS_CLIENT, type: 'result', id: iq.attr('id'), to: ctx.from, from: ctx.to }, child);
    } catch (e) {
      const error = e instanceof StanzaError ? e : new StanzaError('internal-server-error');
      if (!(e instanceof StanzaError)) this.log?.error(`IQ handler failed: ${(e as Error)?.stack ?? e}`);
      reply = errorReply(iq, error);
      reply.setAttr('to', ctx.from).setAttr('from', ctx.to);
    }
    return reply;
  }
}
