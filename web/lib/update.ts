// The Finesse <Update> document carried as escaped text inside a pubsub <notification>
// (finesse-api.md §4.1–§4.2): event (POST | PUT | DELETE, any case), source, requestId and the
// object (or apiErrors) under <data>.
import { child, elementsOf, localNameOf, parseXml, textOf, type XmlNode, type XmlParser } from './xml.js';
import { isApiErrors, parseApiErrors, type ApiError } from './finesse-objects.js';

export interface Update {
  /** POST, PUT or DELETE (upper-cased). */
  event: string;
  source: string;
  requestId: string;
  /** The element under <data> (user, dialog, dialogs, team, Queue, SystemInfo…); undefined when empty. */
  data: XmlNode | undefined;
  /** The data root's name, lower-cased ('user', 'dialogs', 'apierrors'…). */
  dataType: string;
  /** Non-empty when the update reports a failure of an asynchronous request (§4.4). */
  errors: ApiError[];
  /** The <Update> text as received (forwarded to gadgets). */
  raw: string;
}

/** Largest Update text accepted (an event bigger than this is a server fault or hostile). */
export const MAX_UPDATE_CHARS = 1_048_576;

export function parseUpdate(text: string, parser: XmlParser): Update | undefined {
  if (text.length > MAX_UPDATE_CHARS) return undefined;
  const root = parseXml(text.trim(), parser);
  if (!root || localNameOf(root) !== 'Update') return undefined;
  const data = elementsOf(child(root, 'data'))[0];
  return {
    event: textOf(root, 'event').toUpperCase(),
    source: textOf(root, 'source'),
    requestId: textOf(root, 'requestId'),
    data,
    dataType: data ? localNameOf(data).toLowerCase() : '',
    errors: isApiErrors(data) ? parseApiErrors(data) : [],
    raw: text,
  };
}
