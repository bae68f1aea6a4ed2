// The bridge's own view of each call, kept from the ACD's events as they pass: kind, queue, call data
// and the devices on it. The CTI messages need it (calling/called devices, party lists, a late
// BEGIN_CALL_EVENT for a Client Events session) after the ACD has already moved on. Pure.
import type { AcdEvent, CallData, CallKind, DeviceKind } from '../../acd/index.js';

export interface CallView {
  readonly callId: number;
  readonly kind: CallKind;
  readonly queueId: string | null;
  data: CallData;
  /** Devices on the call, in the order they joined, with their kind. */
  readonly devices: Map<string, DeviceKind>;
  /** The calling device: the caller's ANI (inbound) or the originating agent's extension. */
  readonly origin: string;
  /** The called device: the DNIS (inbound) or the dialled number. */
  called: string;
  /** The last agent device that left the call (names CALL_CLEARED and a late wrap-up update). */
  lastAgentDevice?: string;
  /** Set by call-abandoned, read by the clearing events that follow. */
  abandonedWhileAlerting?: boolean;
}

/** Calls kept after CALL_CLEARED for a late wrap-up CALL_DATA_UPDATE_EVENT. */
const ENDED_KEPT = 10_000;

export class CallModel {
  readonly #live = new Map<number, CallView>();
  readonly #ended = new Map<number, CallView>();

  get(callId: number): CallView | undefined {
    return this.#live.get(callId) ?? this.#ended.get(callId);
  }

  isLive(callId: number): boolean { return this.#live.has(callId); }

  /** Updates the view with an event. Call it after the event's messages were built from the old view. */
  apply(e: AcdEvent): void {
    switch (e.kind) {
      case 'call-begun': {
        const c = e.call;
        const devices = new Map<string, DeviceKind>(c.connections.map((x) => [x.device, x.deviceKind]));
        this.#live.set(c.callId, {
          callId: c.callId, kind: c.kind, queueId: c.queueId, data: { ...c, callVariables: [...c.callVariables], ecc: { ...c.ecc } },
          devices, origin: c.connections[0]?.device ?? c.ani, called: c.kind === 'inbound' ? c.dnis : c.dialedNumber,
        });
        return;
      }
      case 'call-originated': { const v = this.#live.get(e.callId); if (v) v.called = e.calledDevice; return; }
      case 'call-delivered':
      case 'call-established':
        this.#live.get(e.callId)?.devices.set(e.device, e.agentId === null ? 'external' : 'agent');
        return;
      case 'call-connection-cleared': {
        const v = this.#live.get(e.callId);
        if (v?.devices.get(e.device) === 'agent' || e.agentId !== null) { if (v) v.lastAgentDevice = e.device; }
        v?.devices.delete(e.device);
        return;
      }
      case 'call-abandoned': { const v = this.#live.get(e.callId); if (v) v.abandonedWhileAlerting = e.whileAlerting; return; }
      case 'call-transferred': {
        const primary = this.#live.get(e.primaryCallId);
        const secondary = e.secondaryCallId === null ? undefined : this.#live.get(e.secondaryCallId);
        if (primary && secondary) {
          for (const [device, kind] of [...secondary.devices]) {
            if (device === e.transferringDevice) continue;
            primary.devices.set(device, kind);
            secondary.devices.delete(device);
          }
        }
        return;
      }
      case 'call-conferenced': {
        const primary = this.#live.get(e.primaryCallId);
        const secondary = this.#live.get(e.secondaryCallId);
        if (!primary) return;
        const kinds = new Map([...(secondary?.devices ?? []), ...primary.devices]);
        primary.devices.clear();
        for (const d of e.parties) primary.devices.set(d, kinds.get(d) ?? 'external');
        // The controller's consult leg went away with the merge; nothing is left on the secondary call.
        if (secondary) { secondary.devices.clear(); secondary.lastAgentDevice = e.controllerDevice; }
        return;
      }
      case 'call-data-updated': { const v = this.get(e.callId); if (v) v.data = e.data; return; }
      case 'call-cleared': {
        const v = this.#live.get(e.callId);
        if (!v) return;
        this.#live.delete(e.callId);
        this.#ended.set(e.callId, v);
        if (this.#ended.size > ENDED_KEPT) this.#ended.delete(this.#ended.keys().next().value as number);
        return;
      }
      default: return;
    }
  }
}
