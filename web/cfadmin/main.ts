// The administration pages under /cfadmin/ (the server asks for an administrator's Basic sign-in):
// the navigation shared by every cfadmin page, an overview, the desktop layout editor (per role,
// validated by the server) and third-party gadget files (upload, list, delete).
// Certificates (/cfadmin/certificates) and CORS (/cfadmin/cors) are other pages linked from here.
import { h } from '../desktop/dom.js';
import { CFADMIN_NAV } from '../../src/desktop/cfadmin-nav.js';

export const NAV = CFADMIN_NAV;

const app = document.getElementById('app')!;
const path = location.pathname.replace(/\/index\.html$/, '/');

async function api(method: string, url: string, body?: BodyInit, type?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method, credentials: 'same-origin', cache: 'no-store', ...(body !== undefined ? { body } : {}), headers: type ? { 'content-type': type } : {} });
  let json: Record<string, unknown> = {};
  try { json = await res.json() as Record<string, unknown>; } catch { /* not JSON */ }
  return { status: res.status, json };
}

function message(kind: 'error' | 'info', text: string): HTMLElement {
  return h('p', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status', id: 'admin-message' }, text);
}

function nav(): HTMLElement {
  return h('nav', { class: 'admin-nav', 'aria-label': 'Administration' },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'P'),
    h('strong', null, 'Parley Administration'),
    NAV.map((n) => h('a', { href: n.href, 'aria-current': n.href === path ? 'page' : undefined }, n.label)));
}

function overview(): HTMLElement {
  const card = (href: string, title: string, text: string): HTMLElement =>
    h('section', { class: 'panel' }, h('h2', null, h('a', { href }, title)), h('p', null, text));
  return h('main', { class: 'admin-main' },
    h('h1', null, 'Overview'),
    card('/cfadmin/layout', 'Desktop layout', 'Tabs and gadgets of the agent and supervisor desktops, as layout XML.'),
    card('/cfadmin/gadgets', 'Gadgets', 'Upload third-party gadgets; they are served from /3rdpartygadget/files/.'),
    card('/cfadmin/certificates', 'Certificates', 'Certificates of the web server, notification service and CTI link.'),
    card('/cfadmin/cors', 'CORS', 'Allowed origins per service, and the CORS quick check.'));
}

function layoutPage(): HTMLElement {
  const status = h('div', { id: 'layout-status' });
  const area = h('textarea', { id: 'layout-xml', spellcheck: 'false', 'aria-label': 'Layout XML' });
  const role = h('select', { id: 'layout-role', 'aria-label': 'Role' }, h('option', { value: 'agent' }, 'Agent'), h('option', { value: 'supervisor' }, 'Supervisor'));
  const load = async (): Promise<void> => {
    const r = await api('GET', `/admin/api/layout/${role.value}`);
    if (r.status !== 200) { status.replaceChildren(message('error', String(r.json.message ?? `HTTP ${r.status}`))); return; }
    area.value = String(r.json.xml ?? '');
    status.replaceChildren(message('info', r.json.custom ? 'This role uses a custom layout.' : 'This role uses the default layout.'),
      r.json.problem ? message('error', `The stored layout was not valid: ${String(r.json.problem)}`) : '');
  };
  role.onchange = () => void load();
  const save = h('button', { type: 'button', class: 'primary', id: 'layout-save', onclick: async () => {
    const r = await api('PUT', `/admin/api/layout/${role.value}`, area.value, 'application/xml');
    status.replaceChildren(r.status === 200 ? message('info', 'Saved. Desktops signing in from now on get this layout.') : message('error', String(r.json.message ?? `HTTP ${r.status}`)));
  } }, 'Save');
  const reset = h('button', { type: 'button', id: 'layout-reset', onclick: async () => {
    if (!confirm('Reset this role to the default layout?')) return;
    const r = await api('DELETE', `/admin/api/layout/${role.value}`);
    if (r.status === 200) await load(); else status.replaceChildren(message('error', String(r.json.message ?? `HTTP ${r.status}`)));
  } }, 'Reset to default');
  void load();
  return h('main', { class: 'admin-main' },
    h('h1', null, 'Desktop layout'),
    h('p', null, 'Each tab lists gadgets: built-in views (/desktop/builtin/calls, /desktop/builtin/team, /desktop/builtin/queues) or gadget XML under /3rdpartygadget/files/.'),
    h('div', { class: 'controls' }, h('label', { for: 'layout-role' }, 'Role'), role, save, reset),
    status, area);
}

function gadgetsPage(): HTMLElement {
  const status = h('div', { id: 'gadget-status' });
  const list = h('tbody', { id: 'gadget-files' });
  const refresh = async (): Promise<void> => {
    const r = await api('GET', '/admin/api/gadgets/files');
    if (r.status !== 200) { status.replaceChildren(message('error', String(r.json.message ?? `HTTP ${r.status}`))); return; }
    const files = (r.json.files ?? []) as { name: string; bytes: number; shipped: boolean }[];
    list.replaceChildren(...files.map((f) => h('tr', null,
      h('td', null, h('a', { href: `/3rdpartygadget/files/${f.name}` }, f.name)),
      h('td', { class: 'num' }, String(f.bytes)),
      h('td', null, f.shipped ? 'shipped with Parley' : 'uploaded'),
      h('td', null, f.shipped ? '' : h('button', { type: 'button', class: 'small danger', onclick: async () => {
        const d = await api('DELETE', `/admin/api/gadgets/files/${f.name}`);
        status.replaceChildren(d.status === 200 ? message('info', `Deleted ${f.name}.`) : message('error', String(d.json.message)));
        await refresh();
      } }, 'Delete')))));
  };
  const file = h('input', { type: 'file', id: 'gadget-file', multiple: true });
  const folder = h('input', { id: 'gadget-folder', placeholder: 'optional folder, e.g. MyGadget' });
  const upload = h('form', { class: 'controls', onsubmit: async (e: Event) => {
    e.preventDefault();
    for (const f of Array.from(file.files ?? [])) {
      const name = (folder.value.trim() ? `${folder.value.trim().replace(/\/+$/, '')}/` : '') + f.name;
      const r = await api('PUT', `/admin/api/gadgets/files/${name.split('/').map(encodeURIComponent).join('/')}`, f, 'application/octet-stream');
      status.replaceChildren(r.status === 201 ? message('info', `Uploaded ${name}. Add <gadget>/3rdpartygadget/files/${name}</gadget> to a layout.`) : message('error', `${name}: ${String(r.json.message ?? `HTTP ${r.status}`)}`));
      if (r.status !== 201) break;
    }
    await refresh();
  } }, folder, file, h('button', { type: 'submit', class: 'primary' }, 'Upload'));
  void refresh();
  return h('main', { class: 'admin-main' },
    h('h1', null, 'Gadgets'),
    h('p', null, 'Files are served from /3rdpartygadget/files/. Names may use letters, digits, dot, underscore and hyphen.'),
    upload, status,
    h('table', { class: 'grid' }, h('thead', null, h('tr', null, h('th', null, 'File'), h('th', null, 'Bytes'), h('th', null, 'Origin'), h('th', null, ''))), list));
}

const page = path === '/cfadmin/layout' ? layoutPage() : path === '/cfadmin/gadgets' ? gadgetsPage() : overview();
app.replaceChildren(nav(), page);
