// Finesse REST objects as the desktop and gadgets use them, read from the XML documents of
// finesse-api.md §2 (REST bodies) and §4 (the <data> of <Update> events; roots there are lower-camel:
// user, dialog, dialogs, team, and Queue). Unknown elements are ignored; missing ones become ''.
import { child, childrenNamed, elementsOf, localNameOf, textOf, type XmlNode } from './xml.js';

export interface ReasonCode { id: string; uri: string; label: string; code: string; category: string }
export interface TeamRef { id: string; name: string }

export interface User {
  id: string;
  loginName: string;
  firstName: string;
  lastName: string;
  extension: string;
  state: string;
  pendingState: string;
  /** '' when none; Finesse uses -1 for "no reason", which becomes ''. */
  reasonCodeId: string;
  reasonCode: ReasonCode | undefined;
  /** Epoch ms, NaN when unknown. */
  stateChangeTime: number;
  roles: string[];
  teamId: string;
  teamName: string;
  /** Supervised teams (supervisors only). */
  teams: TeamRef[];
  wrapUpOnIncoming: string;
}

export interface Participant {
  mediaAddress: string;
  mediaAddressType: string;
  state: string;
  stateCause: string;
  actions: string[];
  startTime: number;
  stateChangeTime: number;
}

export interface CallVariable { name: string; value: string }

export interface Dialog {
  id: string;
  uri: string;
  state: string;
  fromAddress: string;
  toAddress: string;
  associatedDialogUri: string;
  callType: string;
  dnis: string;
  dialedNumber: string;
  queueName: string;
  wrapUpReason: string;
  callVariables: CallVariable[];
  participants: Participant[];
}

export interface TeamMember {
  id: string;
  firstName: string;
  lastName: string;
  extension: string;
  state: string;
  pendingState: string;
  reasonLabel: string;
  reasonCodeId: string;
  stateChangeTime: number;
}

export interface Team { id: string; name: string; users: TeamMember[] }

export interface Queue { id: string; uri: string; name: string; statistics: Record<string, string> }

export interface SystemInfo {
  status: string;
  statusReason: string;
  currentTimestamp: number;
  xmppDomain: string;
  pubsubDomain: string;
  deploymentType: string;
  primaryHost: string;
  secondaryHost: string;
  /** Minutes east of UTC, e.g. 330. */
  timezoneOffset: number;
}

export interface WrapUpReason { id: string; label: string }

export interface ApiError { errorType: string; errorMessage: string; errorData: string }

/** The last segment of a Finesse uri (never ends with '/', finesse-api.md §1.6). */
export function idFromUri(uri: string): string {
  const trimmed = uri.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function parseTime(s: string): number {
  if (!s) return NaN;
  return Date.parse(s);
}

function parseReasonCode(node: XmlNode | undefined): ReasonCode | undefined {
  if (!node) return undefined;
  const uri = textOf(node, 'uri');
  return {
    id: textOf(node, 'id') || idFromUri(uri),
    uri,
    label: textOf(node, 'label'),
    code: textOf(node, 'code'),
    category: textOf(node, 'category'),
  };
}

export function parseUser(node: XmlNode): User {
  const roles = childrenNamed(child(node, 'roles'), 'role').map((r) => textOf(r));
  const teams = childrenNamed(child(node, 'teams'), 'Team').map((t) => ({ id: textOf(t, 'id') || idFromUri(textOf(t, 'uri')), name: textOf(t, 'name') }));
  const reasonCodeId = textOf(node, 'reasonCodeId');
  return {
    id: textOf(node, 'loginId') || idFromUri(textOf(node, 'uri')),
    loginName: textOf(node, 'loginName'),
    firstName: textOf(node, 'firstName'),
    lastName: textOf(node, 'lastName'),
    extension: textOf(node, 'extension'),
    state: textOf(node, 'state'),
    pendingState: textOf(node, 'pendingState'),
    reasonCodeId: reasonCodeId === '-1' ? '' : reasonCodeId,
    reasonCode: parseReasonCode(child(node, 'ReasonCode') ?? child(node, 'reasonCode')),
    stateChangeTime: parseTime(textOf(node, 'stateChangeTime')),
    roles,
    teamId: textOf(node, 'teamId'),
    teamName: textOf(node, 'teamName'),
    teams,
    wrapUpOnIncoming: textOf(node, 'settings', 'wrapUpOnIncoming'),
  };
}

export function parseDialog(node: XmlNode): Dialog {
  const mp = child(node, 'mediaProperties');
  const callVariables = childrenNamed(child(mp, 'callvariables'), 'CallVariable').map((v) => ({ name: textOf(v, 'name'), value: textOf(v, 'value') }));
  const participants = childrenNamed(child(node, 'participants'), 'Participant').map((p) => ({
    mediaAddress: textOf(p, 'mediaAddress'),
    mediaAddressType: textOf(p, 'mediaAddressType'),
    state: textOf(p, 'state'),
    stateCause: textOf(p, 'stateCause'),
    actions: childrenNamed(child(p, 'actions'), 'action').map((a) => textOf(a)),
    startTime: parseTime(textOf(p, 'startTime')),
    stateChangeTime: parseTime(textOf(p, 'stateChangeTime')),
  }));
  const uri = textOf(node, 'uri');
  return {
    id: textOf(node, 'id') || idFromUri(uri),
    uri,
    state: textOf(node, 'state'),
    fromAddress: textOf(node, 'fromAddress'),
    toAddress: textOf(node, 'toAddress'),
    associatedDialogUri: textOf(node, 'associatedDialogUri'),
    callType: textOf(mp, 'callType'),
    dnis: textOf(mp, 'DNIS'),
    dialedNumber: textOf(mp, 'dialedNumber'),
    queueName: textOf(mp, 'queueName'),
    wrapUpReason: textOf(mp, 'wrapUpReason'),
    callVariables,
    participants,
  };
}

/** <Dialogs> (REST) or <dialogs> (event data): every <Dialog> inside. */
export function parseDialogs(node: XmlNode): Dialog[] {
  return childrenNamed(node, 'Dialog').map(parseDialog);
}

export function parseTeamMember(u: XmlNode): TeamMember {
  const rc = child(u, 'reasonCode') ?? child(u, 'ReasonCode');
  return {
    id: textOf(u, 'loginId') || idFromUri(textOf(u, 'uri')),
    firstName: textOf(u, 'firstName'),
    lastName: textOf(u, 'lastName'),
    extension: textOf(u, 'extension'),
    state: textOf(u, 'state'),
    pendingState: textOf(u, 'pendingState'),
    reasonLabel: textOf(rc, 'label'),
    reasonCodeId: textOf(rc, 'id') || (textOf(u, 'reasonCodeId') === '-1' ? '' : textOf(u, 'reasonCodeId')),
    stateChangeTime: parseTime(textOf(u, 'stateChangeTime')),
  };
}

export function parseTeam(node: XmlNode): Team {
  return {
    id: textOf(node, 'id') || idFromUri(textOf(node, 'uri')),
    name: textOf(node, 'name'),
    users: childrenNamed(child(node, 'users'), 'User').map(parseTeamMember),
  };
}

export function parseQueue(node: XmlNode): Queue {
  const statistics: Record<string, string> = {};
  for (const s of elementsOf(child(node, 'statistics'))) statistics[localNameOf(s)] = textOf(s);
  const uri = textOf(node, 'uri');
  return { id: textOf(node, 'id') || idFromUri(uri), uri, name: textOf(node, 'name'), statistics };
}

export function parseQueues(node: XmlNode): Queue[] {
  return childrenNamed(node, 'Queue').map(parseQueue);
}

export function parseSystemInfo(node: XmlNode): SystemInfo {
  const tz = Number(textOf(node, 'timezoneOffset'));
  const xmppDomain = textOf(node, 'xmppDomain');
  return {
    status: textOf(node, 'status'),
    statusReason: textOf(node, 'statusReason'),
    currentTimestamp: parseTime(textOf(node, 'currentTimestamp')),
    xmppDomain,
    pubsubDomain: textOf(node, 'xmppPubSubDomain') || (xmppDomain ? `pubsub.${xmppDomain}` : ''),
    deploymentType: textOf(node, 'deploymentType'),
    primaryHost: textOf(node, 'primaryNode', 'host'),
    secondaryHost: textOf(node, 'secondaryNode', 'host'),
    timezoneOffset: Number.isFinite(tz) ? tz : 0,
  };
}

/**
 * The other node of a two-node deployment, as finesse.js decides it: this node is the primary
 * iff xmppDomain equals primaryNode/host (finesse-api.md §2.1); '' for a single node.
 */
export function alternateHost(info: SystemInfo): string {
  if (!info.secondaryHost) return '';
  return info.xmppDomain === info.primaryHost ? info.secondaryHost : info.primaryHost;
}

export function parseReasonCodes(node: XmlNode): ReasonCode[] {
  return childrenNamed(node, 'ReasonCode').map((r) => parseReasonCode(r)!);
}

export function parseWrapUpReasons(node: XmlNode): WrapUpReason[] {
  return childrenNamed(node, 'WrapUpReason').map((w) => ({ id: textOf(w, 'id') || idFromUri(textOf(w, 'uri')), label: textOf(w, 'label') }));
}

/** <ApiErrors><ApiError> (HTTP bodies) or <apiErrors><apiError> (events), case-insensitively. */
export function parseApiErrors(node: XmlNode | undefined): ApiError[] {
  if (!node) return [];
  return elementsOf(node)
    .filter((e) => localNameOf(e).toLowerCase() === 'apierror')
    .map((e) => {
      const get = (name: string): string => {
        const c = elementsOf(e).find((x) => localNameOf(x).toLowerCase() === name.toLowerCase());
        return textOf(c);
      };
      return { errorType: get('ErrorType'), errorMessage: get('ErrorMessage'), errorData: get('ErrorData') };
    });
}

export function isApiErrors(node: XmlNode | undefined): boolean {
  return !!node && localNameOf(node).toLowerCase() === 'apierrors';
}

