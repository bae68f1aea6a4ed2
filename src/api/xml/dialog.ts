// Dialog and Dialogs ([finesse-api] §2.3; element order of the captured UCCE events in §4.3). Pure.
import type { Element } from '../../xml/element.js';
import type { Dialog, Participant } from '../../contact-center/contact-center.js';
import { FINESSE_API, finesseDate, leaf, node } from './common.js';

export const dialogUri = (id: string): string => `${FINESSE_API}/Dialog/${id}`;

function renderParticipant(p: Participant): Element {
  return node('Participant',
    node('actions', p.actions.map((a) => leaf('action', a))),
    leaf('mediaAddress', p.mediaAddress),
    // The captures leave the caller's type empty; only agent devices are typed.
    leaf('mediaAddressType', p.mediaAddressType === 'EXTERNAL' ? '' : p.mediaAddressType),
    leaf('startTime', finesseDate(p.startTime)),
    leaf('state', p.state),
    leaf('stateCause', p.stateCause ?? ''),
    leaf('stateChangeTime', finesseDate(p.stateChangeTime)));
}

/** One dialog; `root` is `Dialog` in bodies and lists, `dialog` as the data of a Dialog PUT event. */
export function renderDialog(d: Dialog, root: 'Dialog' | 'dialog' = 'Dialog'): Element {
  return node(root,
    leaf('associatedDialogUri', d.associatedDialogId ? dialogUri(d.associatedDialogId) : ''),
    leaf('fromAddress', d.fromAddress),
    leaf('id', d.id),
    node('mediaProperties',
      leaf('DNIS', d.dnis),
      leaf('callType', d.callType),
      leaf('dialedNumber', d.dialedNumber),
      leaf('outboundClassification', ''),
      leaf('queueName', d.queueName ?? ''),
      leaf('queueNumber', d.queueId ?? ''),
      leaf('wrapUpReason', d.wrapUpReason ?? ''),
      node('callvariables', d.callVariables.map((v) => node('CallVariable', leaf('name', v.name), leaf('value', v.value))))),
    leaf('mediaType', d.mediaType),
    node('participants', d.participants.map(renderParticipant)),
    leaf('state', d.state),
    leaf('toAddress', d.toAddress),
    leaf('uri', dialogUri(d.id)));
}

/** `<Dialogs>` (GET) or `<dialogs>` (event data of Dialogs POST/DELETE). */
export function renderDialogs(list: readonly Dialog[], root: 'Dialogs' | 'dialogs' = 'Dialogs'): Element {
  return node(root, list.map((d) => renderDialog(d)));
}
