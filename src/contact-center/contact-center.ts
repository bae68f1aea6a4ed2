// The contact-center domain port: what the web services (REST API, events, presence-driven logout),
// the desktop and Live Data know of agents, calls and queues, in Finesse's vocabulary. The CTI link
// adapter (src/contact-center/cti/) is the only implementation that talks GED-188; nothing above
// this file sees CTI message names. Times are epoch milliseconds from the injected clock.

/** Finesse User.state values ([finesse-api] §2.2 "Field notes"). LOGIN is a request only. */
export type AgentState =
  | 'LOGOUT' | 'NOT_READY' | 'READY' | 'RESERVED' | 'RESERVED_OUTBOUND' | 'RESERVED_OUTBOUND_PREVIEW'
  | 'TALKING' | 'HOLD' | 'WORK' | 'WORK_READY' | 'UNKNOWN';

/** States a client may ask for with PUT User ([finesse-api] §2.2, §3). */
export type RequestedAgentState = 'LOGIN' | 'READY' | 'NOT_READY' | 'LOGOUT' | 'WORK' | 'WORK_READY';

export interface AgentStatus {
  readonly agentId: string;
  /** The extension signed in with; null when signed out. */
  readonly extension: string | null;
  readonly state: AgentState;
  /** The reason *code* (not the ReasonCode object id); null when none (Finesse shows -1 / empty). */
  readonly reasonCode: number | null;
  /** e.g. LOGOUT requested while TALKING; null when none. */
  readonly pendingState: AgentState | null;
  readonly stateChangeTime: number;
}

/** Dialog.state ([finesse-api] §2.3 enumerations). */
export type DialogState = 'INITIATING' | 'INITIATED' | 'ALERTING' | 'ACTIVE' | 'DROPPED' | 'FAILED' | 'ACCEPTED';

/** Participant.state; WRAP_UP is the agent's leg after the call ended while wrap-up runs. */
export type ParticipantState = 'INITIATING' | 'INITIATED' | 'ALERTING' | 'ACTIVE' | 'HELD' | 'DROPPED' | 'FAILED' | 'WRAP_UP' | 'ACCEPTED';

export type DialogAction =
  | 'ANSWER' | 'HOLD' | 'RETRIEVE' | 'DROP' | 'PARTICIPANT_DROP' | 'CONSULT_CALL' | 'TRANSFER' | 'TRANSFER_SST'
  | 'CONFERENCE' | 'UPDATE_CALL_DATA' | 'SEND_DTMF';

export interface Participant {
  readonly mediaAddress: string;
  readonly mediaAddressType: 'AGENT_DEVICE' | 'EXTERNAL' | string;
  /** The agent on this device, when it is an agent's. */
  readonly agentId: string | null;
  readonly state: ParticipantState;
  /** BUSY, BAD_DESTINATION, OTHER, DEVICE_RESOURCE_NOT_AVAILABLE, or null. */
  readonly stateCause: string | null;
  readonly startTime: number;
  readonly stateChangeTime: number;
  /** The actions this participant may request now (Participant.actions). */
  readonly actions: readonly DialogAction[];
}

export interface CallVariable { readonly name: string; readonly value: string }

export interface Dialog {
  /** The CTI call id as a decimal string: /finesse/api/Dialog/<id>. */
  readonly id: string;
  /** The consult's primary dialog, or the primary's consult (associatedDialogUri). */
  readonly associatedDialogId: string | null;
  readonly mediaType: 'Voice';
  readonly fromAddress: string;
  readonly toAddress: string;
  readonly state: DialogState;
  /** ACD_IN, AGENT_INSIDE, OUT, CONSULT, TRANSFER, CONFERENCE, … */
  readonly callType: string;
  readonly dialedNumber: string;
  readonly dnis: string;
  readonly queueId: string | null;
  readonly queueName: string | null;
  /** callVariable1..10 then ECC variables (`user.*`), in that order; empty values included. */
  readonly callVariables: readonly CallVariable[];
  readonly wrapUpReason: string | null;
  readonly participants: readonly Participant[];
  readonly createdAt: number;
}

/** Queue statistics as Finesse's Queue object ([finesse-api] §2.5 and §2.2 "Queues of a user"). */
export interface QueueStatistics {
  readonly queueId: string;
  readonly callsInQueue: number;
  /** null when no call waits. */
  readonly startTimeOfLongestCallInQueue: number | null;
  readonly agentsReady: number;
  readonly agentsNotReady: number;
  readonly agentsBusyOther: number;
  readonly agentsLoggedOn: number;
  readonly agentsTalkingInbound: number;
  readonly agentsTalkingOutbound: number;
  readonly agentsTalkingInternal: number;
  readonly agentsWrapUpNotReady: number;
  readonly agentsWrapUpReady: number;
  /** Beyond Finesse's fields, for Live Data. */
  readonly callsHandledToday: number;
  readonly callsAbandonedToday: number;
  /** Percent of today's answered calls answered within the queue's service-level threshold; null before any. */
  readonly serviceLevelPct: number | null;
}

export type LinkState = 'IN_SERVICE' | 'OUT_OF_SERVICE';

export interface LinkStatus {
  readonly state: LinkState;
  /** Which CTI server side is in use (A or B), when in service. */
  readonly side: 'A' | 'B' | null;
  readonly since: number;
  readonly reason: string;
}

/** Finesse ApiErrors ErrorType values for failures ([finesse-api] §1.5, §4.4). */
export interface CommandFailure {
  /** e.g. 'Invalid State', 'Invalid Input', 'Generic Error', 'Call Operation Failure', 'Invalid Destination', 'Not Found'. */
  readonly errorType: string;
  readonly errorMessage: string;
  /** The CTI error code when the failure came from the CTI server (ApiError errorData), else 0. */
  readonly errorCode: number;
}

/** A command's immediate outcome: accepted (value) or refused now (failure). */
export type CommandOutcome<T = void> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: CommandFailure };

/** Correlates a request with its events: Finesse's requestId header, copied into every resulting Update. */
export interface RequestContext { readonly requestId?: string | undefined }

export interface SetAgentStateCommand extends RequestContext {
  readonly agentId: string;
  readonly state: RequestedAgentState;
  /** LOGIN: the extension to sign in with. */
  readonly extension?: string;
  /** NOT_READY / LOGOUT: the reason *code*. */
  readonly reasonCode?: number;
  /** Force flag of SetAgentStateReq (presence-driven logout sends 1). */
  readonly force?: boolean;
}

export interface MakeCallCommand extends RequestContext {
  readonly agentId: string;
  readonly fromAddress: string;
  readonly toAddress: string;
  readonly callVariables?: readonly CallVariable[];
}

export interface DialogActionCommand extends RequestContext {
  readonly dialogId: string;
  readonly action: DialogAction;
  /** The agent acting (the authenticated user, or the supervised agent). */
  readonly agentId: string;
  readonly targetMediaAddress?: string;
  /** CONSULT_CALL / TRANSFER_SST destination. */
  readonly toAddress?: string;
  /** UPDATE_CALL_DATA: variables to set. */
  readonly callVariables?: readonly CallVariable[];
  /** UPDATE_CALL_DATA: the wrap-up reason label. */
  readonly wrapUpReason?: string;
  readonly dtmf?: string;
}

export type DomainEvent =
  | { readonly kind: 'agent-changed'; readonly agent: AgentStatus; readonly requestId?: string | undefined }
  | { readonly kind: 'dialog-created' | 'dialog-updated'; readonly dialog: Dialog; readonly requestId?: string | undefined }
  | { readonly kind: 'dialog-deleted'; readonly dialog: Dialog; readonly requestId?: string | undefined }
  | { readonly kind: 'queue-changed'; readonly stats: QueueStatistics }
  | { readonly kind: 'link-changed'; readonly link: LinkStatus }
  /** An asynchronous failure of an accepted request (Finesse: an error Update on the User or Dialog node). */
  | {
    readonly kind: 'request-failed';
    readonly target: { readonly type: 'User'; readonly agentId: string } | { readonly type: 'Dialog'; readonly dialogId: string; readonly agentId: string };
    readonly failure: CommandFailure;
    readonly requestId?: string | undefined;
  }
  /** Everything was re-read from the CTI server after the link came back (clients re-read too). */
  | { readonly kind: 'resynchronized'; readonly at: number };

export type DomainEventKind = DomainEvent['kind'];

/**
 * The contact center as the web services see it. Reads answer from a cache kept current by events.
 * Commands resolve ok once the request is accepted for the CTI side (REST answers 202 then); a later
 * CTI refusal arrives as a 'request-failed' event carrying the command's requestId. A refusal that
 * is known at once (unknown agent or dialog, illegal transition, link down) resolves as an error.
 */
export interface ContactCenter {
  link(): LinkStatus;
  agent(agentId: string): AgentStatus | undefined;
  agents(): AgentStatus[];
  dialog(dialogId: string): Dialog | undefined;
  /** The agent's current dialogs (those with a participant on the agent's device, wrap-up included). */
  dialogsOf(agentId: string): Dialog[];
  queueStatistics(queueId: string): QueueStatistics | undefined;

  setAgentState(cmd: SetAgentStateCommand): Promise<CommandOutcome>;
  makeCall(cmd: MakeCallCommand): Promise<CommandOutcome<{ dialogId: string }>>;
  dialogAction(cmd: DialogActionCommand): Promise<CommandOutcome>;

  /** Every domain event, in order. Returns the unsubscribe function. */
  onEvent(listener: (event: DomainEvent) => void): () => void;
}

/** The simulator's control surface (`parley sim call`, the admin REST endpoint, scenarios). */
export interface CallSimulator {
  offerCall(input: {
    readonly queueId: string;
    readonly ani: string;
    readonly dnis?: string;
    readonly callVariables?: readonly CallVariable[];
  }): CommandOutcome<{ callId: string }>;
  /** The caller hangs up (abandon while queued or alerting, or end of a connected call). */
  hangUp(callId: string): CommandOutcome;
}
