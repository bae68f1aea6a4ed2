// The desktop layout of the signed-in user's role: tabs, each a list of gadgets (built-in views
// under /desktop/builtin/… or gadget XML URLs). The server turns the administrator's layout XML into
// this JSON at /desktop/layout; the defaults below are used when it cannot be read.
import { basicAuthorization } from '../lib/rest-client.js';
import type { FinesseSession } from '../lib/session.js';

export interface LayoutGadget { url: string; id: string }
export interface LayoutTab { id: string; label: string; gadgets: LayoutGadget[] }
export interface DesktopLayout { role: string; tabs: LayoutTab[] }

export function defaultLayout(role: 'agent' | 'supervisor'): DesktopLayout {
  const home: LayoutTab = { id: 'home', label: 'Home', gadgets: [{ url: '/desktop/builtin/calls', id: 'calls' }, { url: '/desktop/builtin/queues', id: 'queues' }] };
  if (role === 'agent') return { role, tabs: [home] };
  return {
    role,
    tabs: [
      { id: 'home', label: 'Home', gadgets: [{ url: '/desktop/builtin/calls', id: 'calls' }] },
      { id: 'team', label: 'Team', gadgets: [{ url: '/desktop/builtin/team', id: 'team' }] },
      { id: 'queues', label: 'Queues', gadgets: [{ url: '/desktop/builtin/queues', id: 'queues' }] },
    ],
  };
}

function isLayout(v: unknown): v is DesktopLayout {
  const l = v as DesktopLayout;
  return !!l && Array.isArray(l.tabs) && l.tabs.every((t) => typeof t.id === 'string' && typeof t.label === 'string' && Array.isArray(t.gadgets)
    && t.gadgets.every((g) => typeof g.url === 'string' && typeof g.id === 'string'));
}

export async function fetchLayout(session: FinesseSession, role: string): Promise<DesktopLayout | undefined> {
  try {
    const res = await fetch(`/desktop/layout?role=${encodeURIComponent(role)}`, {
      headers: { authorization: basicAuthorization(session.o.credentials), accept: 'application/json' }, cache: 'no-store', credentials: 'omit',
    });
    if (!res.ok) { session.log.log(`layout: HTTP ${res.status}; using the default layout`); return undefined; }
    const body: unknown = await res.json();
    if (!isLayout(body) || body.tabs.length === 0) { session.log.log('layout: unexpected answer; using the default layout'); return undefined; }
    return body;
  } catch (e) {
    session.log.log(`layout: ${(e as Error).message}; using the default layout`);
    return undefined;
  }
}
