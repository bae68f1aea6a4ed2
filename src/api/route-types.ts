// What a REST route handler gets and returns. Handlers are plain functions of (request, deps) that
// return a value; api.ts does HTTP (auth, body reading, status, headers) in one place.
import type { Element } from '../xml/element.js';
import type { ContactCenter } from '../contact-center/contact-center.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Stores, UserRecord } from '../storage/stores.js';
import type { ApiDirectory } from './directory.js';
import type { ApiError } from './errors.js';
import type { DeploymentType } from './system-reason-codes.js';
import type { ClientLogStore } from './client-log-store.js';
import { xmlDocument } from './xml/common.js';

export interface ApiSettings {
  readonly deploymentType: DeploymentType;
  /** Host of the other node of a pair, shown as SystemInfo/secondaryNode; null for one node. */
  readonly secondaryHost: string | null;
  /** Largest ClientLog logData in characters ([finesse-api] §2.6: 1,048,576). */
  readonly clientLogMaxChars: number;
  /** Largest request body of every other resource, in bytes. */
  readonly maxBodyBytes: number;
}

export interface ApiDeps {
  readonly contactCenter: ContactCenter;
  readonly dir: ApiDirectory;
  readonly stores: Stores;
  readonly clock: Clock;
  readonly settings: ApiSettings;
  readonly fqdn: string;
  /** The bound ports (filled when the server starts), for SystemInfo. */
  readonly ports: Readonly<Record<string, number>>;
  /** Publishes an <Update> document on a pubsub node (the ClientLog acknowledgement). */
  readonly publish: (node: string, update: string) => void;
  readonly clientLogs: ClientLogStore;
  /** Users, teams or queues changed through the admin objects: caches elsewhere must forget. */
  readonly directoryChanged: (userId?: string) => void;
  readonly log: Logger;
}

export type BodyRead = { readonly ok: true; readonly body: Buffer } | { readonly ok: false; readonly error: ApiError };

export interface ApiRequest {
  readonly method: string;
  /** `:name` segments of the route pattern, decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The authenticated user; null only on routes that need no authentication. */
  readonly caller: UserRecord | null;
  /** The `requestId` header ([finesse-api] §1.4). */
  readonly requestId: string | undefined;
  /** Reads the body up to `limit` bytes (default: the maxBodyBytes setting). */
  readBody(limit?: number): Promise<BodyRead>;
}

export type ApiResult =
  | { readonly kind: 'xml'; readonly status: number; readonly body: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'empty'; readonly status: number; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'error'; readonly error: ApiError };

/** 200 with the object as an XML document. */
export const okXml = (root: Element): ApiResult => ({ kind: 'xml', status: 200, body: xmlDocument(root) });
/** 202, empty body: the request was accepted; the outcome arrives as events ([finesse-api] §1.3). */
export const accepted = (): ApiResult => ({ kind: 'empty', status: 202 });
/** 200, empty body: a configuration object was changed synchronously. */
export const done = (headers?: Record<string, string>): ApiResult => ({ kind: 'empty', status: 200, ...(headers ? { headers } : {}) });
export const failed = (error: ApiError): ApiResult => ({ kind: 'error', error });

export type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';
export type Access = 'public' | 'user' | 'admin';
export type RouteHandler = (req: ApiRequest, deps: ApiDeps) => ApiResult | Promise<ApiResult>;

export interface RouteMethod {
  readonly access: Access;
  readonly handler: RouteHandler;
}

export interface RouteDef {
  /** Segments after /finesse/api/, `:name` for a parameter: `['User', ':id', 'Dialogs']`. */
  readonly path: readonly string[];
  readonly methods: Partial<Record<Method, RouteMethod>>;
  /** Answered even while the CTI link is down (SystemInfo: clients poll it to see recovery). */
  readonly whileOutOfService?: boolean;
}

export const route = (path: string, methods: RouteDef['methods'], extra: Partial<Pick<RouteDef, 'whileOutOfService'>> = {}): RouteDef =>
  ({ path: path.split('/'), methods, ...extra });
