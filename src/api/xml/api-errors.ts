// ApiErrors in both spellings: the synchronous HTTP body (upper camel, [finesse-api] §1.5) and the data
// of an asynchronous error <Update> (lower camel, §4.4). Pure.
import { serialize, type Element } from '../../xml/element.js';
import type { CommandFailure } from '../../contact-center/contact-center.js';
import type { ApiError } from '../errors.js';
import { leaf, node } from './common.js';

/** `<ApiErrors><ApiError><ErrorType/><ErrorMessage/><ErrorData/></ApiError></ApiErrors>` */
export function renderApiErrors(errors: readonly ApiError[]): string {
  return serialize(node('ApiErrors', errors.map((x) =>
    node('ApiError', leaf('ErrorType', x.type), leaf('ErrorMessage', x.message), leaf('ErrorData', x.data)))));
}

/** The `<apiErrors>` element carried in an error Update's `<data>` ([finesse-api] §4.4, captured order). */
export function apiErrorsData(f: CommandFailure): Element {
  return node('apiErrors', node('apiError',
    leaf('errorData', f.errorCode),
    leaf('errorMessage', f.errorMessage),
    leaf('errorType', f.errorType)));
}
