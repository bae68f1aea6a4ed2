// The ACD simulator's state and command boundary, shared by the command modules (agent-commands.ts,
// call-control.ts, transfer-conference.ts) and the flows they use (agent-flow.ts, call-flow.ts).
// Internal: AcdSimulator (acd.ts) is the public face. Commands run inside `run`, which at the outermost
// level settles agents (their state follows their connections) and then delivers the buffered events.
import type { Clock } from '../../shared/clock.js';
import { err, ok, type Result } from '../../shared/result.js';
import { syncAgent } from './agent-flow.js';
import type { AcdEvent, AcdEventBody, ConnectionState } from './events.js';
import type { Agent, Call, Conn, Queue } from './model.js';
import type { AcdOptions } from './options.js';
import type { RandomSource } from './random.js';

export type AcdCondition =
  | 'agent-not-found' | 'call-not-found' | 'queue-not-found' | 'invalid-state' | 'invalid-destination'
  | 'destination-busy' | 'invalid-parameter' | 'conference-full';
export type AcdResult<T = void> = Result<T, AcdCondition>;

export class AcdCore {
  readonly agents = new Map<string, Agent>();
  readonly byExtension = new Map<string, Agent>();
  readonly queues = new Map<string, Queue>();
  readonly calls = new Map<number, Call>();
  nextCallId = 1;
  nextConnectionId = 1;
  subscribers: ((e: AcdEvent) => void)[] = [];
  buffer: AcdEvent[] = [];
  depth = 0;
  delivering = false;
  /** Agents whose connections changed in this command: settle() brings their state in line. */
  readonly touched = new Set<Agent>();
  /** Queues whose numbers changed in this command ('queue-stats-changed' once each). */
  readonly dirtyQueues = new Set<Queue>();

  constructor(readonly clock: Clock, readonly random: RandomSource, readonly options: AcdOptions) {}

  emit(e: AcdEventBody): void {
    this.buffer.push({ ...e, at: this.clock.now() });
  }

  /** Runs a command; at the outermost level settles agents, then delivers the events in order. */
  run<T>(fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      if (this.depth === 0) this.settle();
    }
  }

  settle(): void {
    this.depth++;
    try {
      while (this.touched.size > 0) {
        const agents = [...this.touched];
        this.touched.clear();
        for (const a of agents) syncAgent(this, a);
      }
      if (this.options.queueStatsEvents) for (const q of this.dirtyQueues) this.emit({ kind: 'queue-stats-changed', queueId: q.id });
      this.dirtyQueues.clear();
    } finally {
      this.depth--;
    }
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let i = 0; i < this.buffer.length; i++) {
        const e = this.buffer[i]!;
        for (const cb of this.subscribers) cb(e);
      }
    } finally {
      this.buffer = [];
      this.delivering = false;
    }
  }

  find(callId: number, agentId: string, states: ConnectionState[]): AcdResult<{ call: Call; conn: Conn; agent: Agent }> {
    const agent = this.agents.get(agentId);
    if (!agent) return err('agent-not-found');
    const call = this.calls.get(callId);
    if (!call) return err('call-not-found');
    const conn = call.conns.find((c) => c.agent === agent);
    if (!conn || !states.includes(conn.state)) return err('invalid-state', `connection is ${conn?.state ?? 'absent'}`);
    return ok({ call, conn, agent });
  }

  withConn(callId: number, agentId: string, states: ConnectionState[], fn: (call: Call, conn: Conn) => void): AcdResult {
    const found = this.find(callId, agentId, states);
    if (!found.ok) return found;
    return this.run(() => { fn(found.value.call, found.value.conn); this.touched.add(found.value.agent); return ok(undefined); });
  }

  heldAndActive(agentId: string): AcdResult<{ agent: Agent; held: Conn; active: Conn }> {
    const agent = this.agents.get(agentId);
    if (!agent) return err('agent-not-found');
    const conns = [...agent.conns];
    const active = conns.find((c) => (c.state === 'CONNECT' || c.state === 'INITIATE') && c.call.primaryCallId !== null);
    const held = active && conns.find((c) => c.state === 'HOLD' && c.call.id === active.call.primaryCallId);
    if (!active || !held) return err('invalid-state', 'needs a held call and its active consult call');
    return ok({ agent, held, active });
  }
}
