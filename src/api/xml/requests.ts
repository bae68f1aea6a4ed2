// Parses the XML bodies clients send (User PUT, Dialogs POST, Dialog PUT, ClientLog POST) with the
// project's XML parser (src/xml/parse.ts: no DTD, no entities, depth and size limits). Returns plain
// values or the synchronous ApiError to answer; never throws on input. Pure.
import { parseElement } from '../../xml/parse.js';
import type { Element } from '../../xml/element.js';
import type { CallVariable } from '../../contact-center/contact-center.js';
import { apiError, type ApiError } from '../errors.js';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: ApiError): Parsed<T> => ({ ok: false, error });

/** Parses a body whose root element must be `root` (`User`, `Dialog`, `ClientLog`, …). */
export function parseRoot(body: Buffer | string, root: string, maxBytes: number): Parsed<Element> {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') return fail(apiError.badRequest(`Request body missing: expected a <${root}> document`));
  const parsed = parseElement(body, { maxBytes, marginBytes: 0, maxDepth: 16 });
  if (!parsed.ok) return fail(apiError.badRequest(`Malformed XML: ${parsed.text ?? parsed.error}`));
  if (parsed.value.localName !== root) {
    return fail(apiError.badRequest(`Invalid root element <${parsed.value.localName}>: expected <${root}>`, parsed.value.localName));
  }
  return ok(parsed.value);
}

/** Trimmed text of a direct child; undefined when the child is absent or empty. */
export function childToken(el: Element, name: string): string | undefined {
  const t = el.getChildText(name)?.trim();
  return t === undefined || t === '' ? undefined : t;
}

export interface UserUpdate {
  readonly state: string | undefined;
  readonly extension: string | undefined;
  readonly reasonCodeId: string | undefined;
}

/** `<User><state/><extension/><reasonCodeId/></User>` ([finesse-api] §2.2 sign in, change state). */
export function readUserUpdate(el: Element): UserUpdate {
  return { state: childToken(el, 'state'), extension: childToken(el, 'extension'), reasonCodeId: childToken(el, 'reasonCodeId') };
}

export interface DialogRequest {
  readonly requestedAction: string | undefined;
  readonly fromAddress: string | undefined;
  readonly toAddress: string | undefined;
  readonly targetMediaAddress: string | undefined;
  /** Whether a `<mediaProperties>` element was sent at all (UCCX refuses it on MAKE_CALL). */
  readonly hasMediaProperties: boolean;
  readonly callVariables: readonly CallVariable[];
  readonly wrapUpReason: string | undefined;
  /** `actionParams/ActionParam` name → value (dtmfString, callbackTime, …). */
  readonly actionParams: ReadonlyMap<string, string>;
}

/** `<Dialog>` bodies of MAKE_CALL and of every PUT requestedAction ([finesse-api] §2.3). */
export function readDialogRequest(el: Element): Parsed<DialogRequest> {
  const media = el.getChild('mediaProperties');
  const vars: CallVariable[] = [];
  for (const cv of media?.getChild('callvariables')?.getChildren('CallVariable') ?? []) {
    const name = childToken(cv, 'name');
    if (name === undefined) return fail(apiError.parameterMissing('name'));
    vars.push({ name, value: cv.getChildText('value') ?? '' });
  }
  const params = new Map<string, string>();
  for (const p of el.getChild('actionParams')?.getChildren('ActionParam') ?? []) {
    const name = childToken(p, 'name');
    if (name === undefined) return fail(apiError.parameterMissing('name'));
    params.set(name, p.getChildText('value') ?? '');
  }
  const wrapUp = media?.getChild('wrapUpReason');
  return ok({
    requestedAction: childToken(el, 'requestedAction'),
    fromAddress: childToken(el, 'fromAddress'),
    toAddress: childToken(el, 'toAddress'),
    targetMediaAddress: childToken(el, 'targetMediaAddress'),
    hasMediaProperties: media !== undefined,
    callVariables: vars,
    wrapUpReason: wrapUp === undefined ? undefined : wrapUp.text(),
    actionParams: params,
  });
}

/** `<ClientLog><logData>…</logData></ClientLog>` ([finesse-api] §2.6); undefined when logData is missing. */
export function readClientLog(el: Element): string | undefined {
  const data = el.getChild('logData');
  return data === undefined ? undefined : data.text();
}

/** Largest call variable value and the ECC total, in UTF-8 bytes ([finesse-api] §2.3, guide chunk 118). */
export const CALL_VARIABLE_MAX_BYTES = 40;
export const ECC_TOTAL_MAX_BYTES = 2000;
const CALL_VARIABLE_NAME = /^(callVariable([1-9]|10)|user\.[A-Za-z0-9_.]{1,32}(\[\d{1,3}\])?)$/;

/** Checks names and sizes of call variables a client wants to set. */
export function validateCallVariables(vars: readonly CallVariable[]): ApiError | undefined {
  let ecc = 0;
  const seen = new Set<string>();
  for (const v of vars) {
    if (!CALL_VARIABLE_NAME.test(v.name)) return apiError.invalidInput('Invalid call variable name', v.name.slice(0, 64));
    if (seen.has(v.name)) return apiError.invalidInput('Call variable given twice', v.name);
    seen.add(v.name);
    const bytes = Buffer.byteLength(v.value, 'utf8');
    if (bytes > CALL_VARIABLE_MAX_BYTES) return apiError.invalidInput(`Call variable longer than ${CALL_VARIABLE_MAX_BYTES} bytes`, v.name);
    if (v.name.startsWith('user.')) ecc += bytes;
  }
  if (ecc > ECC_TOTAL_MAX_BYTES) return apiError.invalidInput(`ECC variables longer than ${ECC_TOTAL_MAX_BYTES} bytes in total`);
  return undefined;
}
