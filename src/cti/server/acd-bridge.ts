// The ACD bridge: serves the ACD simulator over GED-188 (issue 11). Requests of open sessions become
// ACD commands answered by their *_CONF or FAILURE_CONF; ACD events become unsolicited CTI events,
// fanned out to every open session granted CTI_SERVICE_ALL_EVENTS (everything) or
// CTI_SERVICE_CLIENT_EVENTS (its own agent and the calls at its agent's device). The event
// sequences and identifiers are documented in docs/cti.md. Pure logic lives in ./bridge/; this file
// is the glue between the ACD subscription, the sessions and the request handlers.
import type { Acd, AcdEvent } from '../acd/index.js';
import { DeviceIDType, FailureStatus, ServiceMask, SystemEventID, type CtiMessage } from '../codec/index.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { queryAgentState, setAgentState, snapshotDevice } from './bridge/agent-requests.js';
import { CallModel } from './bridge/call-model.js';
import {
  answerCall, clearConnection, conferenceCall, consultationCall, holdCall, makeCall, retrieveCall, setCallData, transferCall,
} from './bridge/call-requests.js';
import { agentStateEvent, beginCallEvent, endCallEvent, translate, type EventContext, type Outgoing } from './bridge/event-messages.js';
import { failure, type Reply, type RequestContext } from './bridge/request-kit.js';
import { fitToLayout } from './bridge/wire-text.js';
import { notSupportedHandler, type CtiRequestHandler, type CtiServerSession } from './cti-session.js';
import type { CtiSessionHooks } from './cti-listener.js';

export interface AcdBridgeOptions {
  readonly acd: Acd;
  readonly clock: Clock;
  readonly log: Logger;
  /** PeripheralID of the simulated ACD (cti.peripheralId, default 5000). */
  readonly peripheralId: number;
  /**
   * Looks for agents created since the ACD was built (`parley admin user bulk-add`); called when a
   * request names an unknown agent, before the request is refused.
   */
  readonly refreshAgents?: () => { added: number };
}

export interface AcdBridge extends CtiSessionHooks {
  readonly handleRequest: CtiRequestHandler;
  /** Stops listening to the ACD. */
  close(): void;
}

/** What the bridge knows of one open session. */
interface SessionView {
  readonly session: CtiServerSession;
  readonly allEvents: boolean;
  /** Client Events session: the agent it is bound to (from OPEN_REQ), and the calls it has seen begin. */
  readonly agent: { agentId: string; extension: string } | undefined;
  readonly knownCalls: Set<number>;
}

const EVENT_SERVICES = ServiceMask.CTI_SERVICE_ALL_EVENTS | ServiceMask.CTI_SERVICE_CLIENT_EVENTS;
const CONTROL = ServiceMask.CTI_SERVICE_CLIENT_CONTROL;
const DATA = ServiceMask.CTI_SERVICE_CALL_DATA_UPDATE | ServiceMask.CTI_SERVICE_CLIENT_CONTROL;

export function createAcdBridge(options: AcdBridgeOptions): AcdBridge {
  const { acd, clock, log, peripheralId } = options;
  const calls = new CallModel();
  const views = new Map<CtiServerSession, SessionView>();
  const ctx: EventContext = { peripheralId, calls, agent: (id) => acd.agent(id), queueIds: () => acd.queueIds() };

  const unsubscribe = acd.onEvent((e) => {
    if (views.size === 0) {
      calls.apply(e);
      return;
    }
    // An ACD subscriber must not throw (the simulator would stop delivering): a message that cannot
    // be encoded is logged and left out.
    for (const o of translate(ctx, e)) {
      try {
        fanOut(o, e);
      } catch (error) {
        log.error(`ACD bridge: cannot send ${o.msg.type} for ${e.kind}: ${(error as Error)?.message ?? error}`);
      }
    }
  });

  function fanOut(raw: Outgoing, e: AcdEvent): void {
    const o: Outgoing = { msg: fitToLayout(raw.msg), route: raw.route };
    for (const v of views.values()) {
      if (v.session.state !== 'open') continue;
      if (v.allEvents) v.session.send(o.msg);
      else if (v.agent) toClientSession(v, v.agent, o, e);
    }
  }

  /** Client Events: the agent's own state, and the calls at its device from BEGIN_CALL to END_CALL. */
  function toClientSession(v: SessionView, agent: { agentId: string; extension: string }, o: Outgoing, e: AcdEvent): void {
    const r = o.route;
    if (r.kind === 'agent') {
      if (r.agentId === agent.agentId) v.session.send(o.msg);
      return;
    }
    const known = v.knownCalls.has(r.callId);
    if (r.end) {
      if (known) { v.session.send(fitToLayout(endCallEvent(ctx, r.callId, agent.extension))); v.knownCalls.delete(r.callId); }
      return;
    }
    if (!known) {
      if (!r.devices.includes(agent.extension)) return;
      v.knownCalls.add(r.callId);
      const view = calls.get(r.callId);
      if (!r.begin && view) v.session.send(fitToLayout(beginCallEvent(ctx, view, agent.extension)));
    }
    v.session.send(o.msg);
    // The agent's device left a call that goes on (transfer, conference drop): END_CALL for it now.
    if (e.kind === 'call-connection-cleared' && e.device === agent.extension) {
      const live = acd.call(r.callId);
      if (live && !live.connections.some((c) => c.device === agent.extension)) {
        v.session.send(fitToLayout(endCallEvent(ctx, r.callId, agent.extension)));
        v.knownCalls.delete(r.callId);
      }
    }
  }

  function boundAgent(session: CtiServerSession): SessionView['agent'] {
    const open = session.openRequest;
    if (!open || !session.wants(ServiceMask.CTI_SERVICE_CLIENT_EVENTS)) return undefined;
    const id = open.agentIdLong || open.agentId;
    const find = () => (id ? acd.agent(id) : undefined) ??
      [open.agentInstrument, open.agentExtension].map((x) => (x ? acd.agentByExtension(x) : undefined)).find((x) => x !== undefined);
    const a = find() ?? (options.refreshAgents?.().added ? find() : undefined);
    if (!a) {
      log.warn(`CTI session ${session.id}: Client Events session names no known agent ` +
        `(AgentID ${JSON.stringify(id ?? '')}, instrument ${JSON.stringify(open.agentInstrument ?? open.agentExtension ?? '')}); it gets no events`);
      return undefined;
    }
    return { agentId: a.agentId, extension: a.extension };
  }

  function sessionOpened(session: CtiServerSession): void {
    const allEvents = session.wants(ServiceMask.CTI_SERVICE_ALL_EVENTS);
    const view: SessionView = { session, allEvents, agent: allEvents ? undefined : boundAgent(session), knownCalls: new Set() };
    views.set(session, view);
    if (!session.wants(EVENT_SERVICES)) return;
    session.send({
      type: 'SYSTEM_EVENT', pgStatus: 0, icmCentralControllerTime: Math.floor(clock.now() / 1000) >>> 0,
      systemEventId: SystemEventID.SYS_PERIPHERAL_ONLINE, systemEventArg1: peripheralId, systemEventArg2: 0, systemEventArg3: 0,
      eventDeviceType: DeviceIDType.DEVID_NONE,
    });
    const agent = view.agent && acd.agent(view.agent.agentId);
    if (agent) session.send(fitToLayout(agentStateEvent(ctx, agent)));
  }

  function reply(session: CtiServerSession, msg: CtiMessage): Reply | undefined {
    const view = views.get(session);
    const rc: RequestContext = { acd, peripheralId, boundAgentId: view?.agent?.agentId };
    const needs = (mask: number, invokeId: number): Reply | undefined => (session.servicesGranted & mask) !== 0 ? undefined
      : failure(invokeId, FailureStatus.E_CTI_FUNCTION_NOT_AVAILABLE, `${msg.type} needs the client control service`);
    switch (msg.type) {
      case 'SET_AGENT_STATE_REQ': return needs(CONTROL, msg.invokeId) ?? setAgentState(rc, msg);
      case 'QUERY_AGENT_STATE_REQ': return queryAgentState(rc, msg);
      case 'SNAPSHOT_DEVICE_REQ': return needs(CONTROL, msg.invokeId) ?? snapshotDevice(rc, msg);
      case 'ANSWER_CALL_REQ': return needs(CONTROL, msg.invokeId) ?? answerCall(rc, msg);
      case 'HOLD_CALL_REQ': return needs(CONTROL, msg.invokeId) ?? holdCall(rc, msg);
      case 'RETRIEVE_CALL_REQ': return needs(CONTROL, msg.invokeId) ?? retrieveCall(rc, msg);
      case 'CLEAR_CONNECTION_REQ': return needs(CONTROL, msg.invokeId) ?? clearConnection(rc, msg);
      case 'MAKE_CALL_REQ': return needs(CONTROL, msg.invokeId) ?? makeCall(rc, msg);
      case 'CONSULTATION_CALL_REQ': return needs(CONTROL, msg.invokeId) ?? consultationCall(rc, msg);
      case 'TRANSFER_CALL_REQ': return needs(CONTROL, msg.invokeId) ?? transferCall(rc, msg);
      case 'CONFERENCE_CALL_REQ': return needs(CONTROL, msg.invokeId) ?? conferenceCall(rc, msg);
      case 'SET_CALL_DATA_REQ': return needs(DATA, msg.invokeId) ?? setCallData(rc, msg);
      default: return undefined;
    }
  }

  const handleRequest: CtiRequestHandler = (session, msg) => {
    let answer = reply(session, msg);
    if (answer?.type === 'FAILURE_CONF' && answer.status === FailureStatus.E_CTI_INVALID_AGENT_DATA && options.refreshAgents?.().added) {
      answer = reply(session, msg);
    }
    if (answer === undefined) return notSupportedHandler(session, msg);
    if (answer.type === 'FAILURE_CONF') {
      log.info(`CTI session ${session.id}: ${msg.type} refused: status ${answer.status}${answer.text ? ` (${answer.text})` : ''}`);
    }
    session.send(fitToLayout(answer));
  };

  return {
    handleRequest,
    sessionOpened,
    sessionClosed(session) { views.delete(session); },
    close() { unsubscribe(); views.clear(); },
  };
}
