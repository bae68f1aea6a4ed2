// The catalogue of synchronous Finesse REST errors ([finesse-api] §1.5): each names its HTTP status and
// its ErrorType exactly as Finesse spells them. Routes return these values; api.ts renders them as an
// <ApiErrors> body. Asynchronous failures (after 202) travel as 'request-failed' domain events instead.
import type { CommandFailure } from '../contact-center/contact-center.js';

export interface ApiError {
  readonly status: number;
  /** ErrorType, e.g. 'Invalid State'. */
  readonly type: string;
  /** ErrorMessage, e.g. 'SERVER_OUT_OF_SERVICE'. */
  readonly message: string;
  /** ErrorData: the offending value or parameter name ('' when none). */
  readonly data: string;
}

const e = (status: number, type: string, message: string, data = ''): ApiError => ({ status, type, message, data });

/** Every synchronous error the REST API answers with. */
export const apiError = {
  /** Malformed XML, wrong root element, unreadable body. */
  badRequest: (message: string, data = '') => e(400, 'Bad Request', message, data),
  invalidInput: (message: string, data = '') => e(400, 'Invalid Input', message, data),
  invalidState: (message: string, data = '') => e(400, 'Invalid State', message, data),
  /** [finesse-api] §1.5: `Parameter Missing` / data `state` / `State Parameter missing`. */
  parameterMissing: (param: string) =>
    e(400, 'Parameter Missing', `${param.charAt(0).toUpperCase()}${param.slice(1)} Parameter missing`, param),
  genericError: (message: string, data = '') => e(400, 'Generic Error', message, data),
  invalidDestination: (message: string, data = '') => e(400, 'Invalid Destination', message, data),
  /** No, malformed or wrong credentials, or a locked account ([finesse-api] §1.5 "typical 401"). */
  unauthorized: (userId = '') => e(401, 'Authorization Failure', 'UNAUTHORIZED', userId),
  /** An agent naming another user, or a user without the needed role. */
  wrongUser: (userId: string) => e(401, 'Invalid Authorization User Specified', 'Invalid Authorization User Specified', userId),
  /** A supervisor acting on a user outside its teams. */
  invalidSupervisor: (userId: string) => e(401, 'Invalid Supervisor', 'Invalid Supervisor', userId),
  notFound: (message: string, data = '') => e(404, 'Not Found', message, data),
  userNotFound: (userId: string) => e(404, 'User Not Found', 'User not found', userId),
  methodNotAllowed: (method: string) => e(405, 'Method Not Allowed', `Method ${method} not allowed on this resource`, method),
  conflict: (message: string, data = '') => e(409, 'Conflict', message, data),
  tooLarge: (limit: number) => e(413, 'Invalid Input', `Request body larger than ${limit} bytes`, String(limit)),
  internal: (message = 'RUNTIME_EXCEPTION') => e(500, 'Internal Server Error', message),
  /** Every request while the CTI link is down ([finesse-api] §1.5, §5.6). */
  outOfService: () => e(503, 'Service Unavailable', 'SERVER_OUT_OF_SERVICE'),
} as const;

/** The HTTP status of an immediate refusal from the contact center, by its ErrorType. */
const STATUS_BY_TYPE: Readonly<Record<string, number>> = {
  'Not Found': 404,
  'User Not Found': 404,
  'Authorization Failure': 401,
  'Invalid Authorization User Specified': 401,
  'Invalid Supervisor': 401,
  'Service Unavailable': 503,
  'Internal Server Error': 500,
};

/** Maps a command refused at once (CommandOutcome failure) to its synchronous error. */
export function fromCommandFailure(f: CommandFailure): ApiError {
  const status = STATUS_BY_TYPE[f.errorType] ?? 400;
  const message = status === 503 ? 'SERVER_OUT_OF_SERVICE' : f.errorMessage;
  return e(status, f.errorType, message, f.errorCode ? String(f.errorCode) : '');
}
