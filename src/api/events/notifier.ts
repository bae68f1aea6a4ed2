// Publishes every domain event as the Finesse <Update> clients expect ([finesse-api] §4.2 node/source
// table, §4.3 captured events, §4.4 errors; [decisions] 8 for queues):
//   agent-changed   → User node (full user) and the agent's Team Users node (member summary), PUT
//   dialog-created  → Dialogs node of every agent on the call, source the Dialogs node, POST
//   dialog-updated  → the same nodes, source /Dialog/<id>, PUT
//   dialog-deleted  → the same nodes, source the Dialogs node, DELETE
//   queue-changed   → /Queue/<id> (the pubsub service also delivers it to the queue aliases), PUT
//   link-changed    → /SystemInfo, PUT
//   request-failed  → User node or the agent's Dialogs node, data apiErrors, with the requestId
//   resynchronized  → every signed-in agent's User node again (clients re-read after a failover)
// The mapping (`updatesFor`) is pure; `attachNotifier` is the glue that subscribes and publishes.
import type { AgentStatus, ContactCenter, Dialog, DomainEvent } from '../../contact-center/contact-center.js';
import type { Logger } from '../../shared/logger.js';
import { dialogsNode, queueNode, SYSTEM_INFO_NODE, teamUsersNode, userNode } from '../../pubsub/finesse-nodes.js';
import type { ApiDirectory } from '../directory.js';
import type { DeploymentType } from '../system-reason-codes.js';
import { apiErrorsData } from '../xml/api-errors.js';
import { dialogUri, renderDialog, renderDialogs } from '../xml/dialog.js';
import { renderQueue } from '../xml/queue.js';
import { renderSystemInfo, SYSTEM_INFO_URI, type SystemInfoView } from '../xml/system-info.js';
import { renderTeamUser, renderUser, userUri } from '../xml/user.js';
import { renderUpdate } from '../xml/update.js';

export interface Publication {
  readonly node: string;
  readonly update: string;
}

export interface NotifierContext {
  readonly dir: ApiDirectory;
  readonly deploymentType: DeploymentType;
  /** Agent ids on a dialog's agent devices whose participant carries no agentId (by extension). */
  readonly agentByExtension: (extension: string) => string | undefined;
  readonly systemInfo: () => SystemInfoView;
  readonly agents: () => AgentStatus[];
}

/** The agents whose Dialogs node shows this dialog. */
export function agentsOnDialog(d: Dialog, ctx: Pick<NotifierContext, 'agentByExtension'>): string[] {
  const ids = new Set<string>();
  for (const p of d.participants) {
    const id = p.agentId ?? (p.mediaAddressType === 'AGENT_DEVICE' ? ctx.agentByExtension(p.mediaAddress) : undefined);
    if (id) ids.add(id);
  }
  return [...ids];
}

function agentUpdates(agent: AgentStatus, requestId: string | undefined, ctx: NotifierContext): Publication[] {
  const user = ctx.dir.user(agent.agentId);
  if (!user || user.id !== agent.agentId) return [];
  const source = userUri(user.id);
  const out: Publication[] = [{ node: userNode(user.id), update: renderUpdate({ data: renderUser(user, agent, ctx.dir, 'user'), event: 'PUT', requestId, source }) }];
  if (user.teamId && ctx.dir.team(user.teamId)) {
    out.push({
      node: teamUsersNode(user.teamId),
      update: renderUpdate({ data: renderTeamUser(user, agent, ctx.dir, 'user', 'ReasonCode'), event: 'PUT', requestId, source }),
    });
  }
  return out;
}

/** The publications for one domain event. Pure. */
export function updatesFor(event: DomainEvent, ctx: NotifierContext): Publication[] {
  switch (event.kind) {
    case 'agent-changed':
      return agentUpdates(event.agent, event.requestId, ctx);
    case 'dialog-created':
    case 'dialog-deleted':
    case 'dialog-updated': {
      const d = event.dialog;
      return agentsOnDialog(d, ctx).filter((id) => ctx.dir.user(id)?.id === id).map((agentId) => {
        const node = dialogsNode(agentId);
        const update = event.kind === 'dialog-updated'
          ? renderUpdate({ data: renderDialog(d, 'dialog'), event: 'PUT', requestId: event.requestId, source: dialogUri(d.id) })
          : renderUpdate({ data: renderDialogs([d], 'dialogs'), event: event.kind === 'dialog-created' ? 'POST' : 'DELETE', requestId: event.requestId, source: node });
        return { node, update };
      });
    }
    case 'queue-changed': {
      const queue = ctx.dir.queue(event.stats.queueId);
      if (!queue) return [];
      const stats = ctx.deploymentType === 'UCCX' ? undefined : event.stats;
      const node = queueNode(queue.id);
      return [{ node, update: renderUpdate({ data: renderQueue(queue, stats), event: 'PUT', source: node }) }];
    }
    case 'link-changed':
      return [{ node: SYSTEM_INFO_NODE, update: renderUpdate({ data: renderSystemInfo({ ...ctx.systemInfo(), link: event.link }), event: 'PUT', source: SYSTEM_INFO_URI }) }];
    case 'request-failed': {
      const t = event.target;
      const data = apiErrorsData(event.failure);
      if (t.type === 'User') {
        return [{ node: userNode(t.agentId), update: renderUpdate({ data, event: 'PUT', requestId: event.requestId, source: userUri(t.agentId) }) }];
      }
      return [{ node: dialogsNode(t.agentId), update: renderUpdate({ data, event: 'PUT', requestId: event.requestId, source: dialogUri(t.dialogId) }) }];
    }
    case 'resynchronized':
      // Signed-in agents only: a signed-out agent has nothing new, and 10,000 of them would fill offline storage.
      return ctx.agents().filter((a) => a.state !== 'LOGOUT').flatMap((a) => agentUpdates(a, undefined, ctx));
  }
}

export interface NotifierDeps {
  readonly contactCenter: ContactCenter;
  readonly publish: (node: string, update: string) => void;
  readonly log: Logger;
  readonly context: Omit<NotifierContext, 'agentByExtension' | 'agents'>;
}

/** Subscribes to the contact center's events and publishes them; returns the unsubscribe function. */
export function attachNotifier(deps: NotifierDeps): () => void {
  const cc = deps.contactCenter;
  const ctx: NotifierContext = {
    ...deps.context,
    agents: () => cc.agents(),
    agentByExtension: (ext) => cc.agents().find((a) => a.extension === ext && a.state !== 'LOGOUT')?.agentId,
  };
  return cc.onEvent((event) => {
    let pubs: Publication[];
    try {
      pubs = updatesFor(event, ctx);
    } catch (e) {
      deps.log.error(`cannot render ${event.kind} event: ${(e as Error)?.stack ?? e}`);
      return;
    }
    for (const p of pubs) {
      try {
        deps.publish(p.node, p.update);
      } catch (e) {
        deps.log.warn(`cannot publish ${event.kind} on ${p.node}: ${(e as Error)?.message ?? e}`);
      }
    }
  });
}
