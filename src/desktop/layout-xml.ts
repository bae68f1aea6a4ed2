// The desktop layout XML, one document per role (agent, supervisor), in the shape of Finesse's
// desktop layout: <finesseLayout><layout><role/><tabs><tab><id/><label/><gadgets><gadget>URL</gadget>…
// Gadget URLs are paths on this server: built-in views (/desktop/builtin/calls | team | queues) or
// gadget XML (/3rdpartygadget/files/…). Pure: parse and validate → the JSON the desktop reads.
import { err, ok, type Result } from '../shared/result.js';
import { childText, elements, first, parseDocument, textContent, type DocLimits } from './doc-xml.js';

export type LayoutRole = 'agent' | 'supervisor';
export const LAYOUT_ROLES: readonly LayoutRole[] = ['agent', 'supervisor'];

export interface LayoutGadget { readonly url: string; readonly id: string }
export interface LayoutTab { readonly id: string; readonly label: string; readonly gadgets: readonly LayoutGadget[] }
export interface DesktopLayout { readonly role: LayoutRole; readonly tabs: readonly LayoutTab[] }

export const LAYOUT_LIMITS = { maxChars: 64 * 1024, maxTabs: 20, maxGadgetsPerTab: 30, maxDepth: 16, maxElements: 2000 } as const;

export const BUILTIN_GADGETS = ['/desktop/builtin/calls', '/desktop/builtin/team', '/desktop/builtin/queues'] as const;

/** Finesse's label keys → words (the desktop shows other labels as written). */
const LABEL_KEYS: Readonly<Record<string, string>> = {
  homeLabel: 'Home', manageCallLabel: 'Manage Call', teamDataLabel: 'Team Data', queueDataLabel: 'Queue Data',
  myHistoryLabel: 'My History', myStatisticsLabel: 'My Statistics', teamLabel: 'Team', queuesLabel: 'Queues',
};

export function labelText(label: string): string {
  if (!label.startsWith('finesse.container.tabs.')) return label;
  const key = label.slice(label.lastIndexOf('.') + 1);
  return LABEL_KEYS[key] ?? key;
}

/** Why a gadget URL is not acceptable, or undefined when it is. */
export function gadgetUrlProblem(url: string): string | undefined {
  if (!url) return 'a <gadget> is empty';
  if (url.length > 1000) return 'a gadget URL is longer than 1000 characters';
  if (!url.startsWith('/') || url.startsWith('//')) return `gadget "${url.slice(0, 80)}" points elsewhere; use a path on this server (/3rdpartygadget/files/… or /desktop/builtin/…)`;
  if (/[\\\s<>"']|\.\.|%2e%2e/i.test(url)) return `gadget "${url.slice(0, 80)}" has characters or ".." that are not allowed`;
  if (url.startsWith('/desktop/builtin/') && !(BUILTIN_GADGETS as readonly string[]).includes(url)) return `unknown built-in gadget ${url}; known: ${BUILTIN_GADGETS.join(', ')}`;
  if (!url.startsWith('/desktop/builtin/') && !url.startsWith('/3rdpartygadget/files/')) return `gadget "${url.slice(0, 80)}" must be under /3rdpartygadget/files/ or /desktop/builtin/`;
  return undefined;
}

export function parseLayout(xml: string, role: LayoutRole): Result<DesktopLayout, 'invalid-layout'> {
  const limits: DocLimits = { maxChars: LAYOUT_LIMITS.maxChars, maxDepth: LAYOUT_LIMITS.maxDepth, maxElements: LAYOUT_LIMITS.maxElements };
  const doc = parseDocument(xml, limits);
  if (!doc.ok) return err('invalid-layout', `The layout is not usable XML: ${doc.text ?? doc.error}.`);
  const root = doc.value;
  if (root.name !== 'finesseLayout') return err('invalid-layout', `The root element must be <finesseLayout>, not <${root.name}>.`);
  const layouts = elements(root, 'layout');
  const mine = layouts.filter((l) => childText(l, 'role').toLowerCase() === role || !first(l, 'role'));
  if (mine.length !== 1) return err('invalid-layout', `The document must hold exactly one <layout> for the role ${role} (found ${mine.length}).`);
  const tabEls = elements(first(mine[0], 'tabs'), 'tab');
  if (tabEls.length === 0) return err('invalid-layout', 'The layout has no <tabs><tab>.');
  if (tabEls.length > LAYOUT_LIMITS.maxTabs) return err('invalid-layout', `The layout has ${tabEls.length} tabs; the limit is ${LAYOUT_LIMITS.maxTabs}.`);
  const tabs: LayoutTab[] = [];
  const ids = new Set<string>();
  for (const [i, t] of tabEls.entries()) {
    const id = childText(t, 'id') || `tab${i + 1}`;
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(id)) return err('invalid-layout', `Tab id "${id.slice(0, 50)}" must be 1–40 letters, digits, _ or -.`);
    if (ids.has(id)) return err('invalid-layout', `Two tabs have the id "${id}".`);
    ids.add(id);
    const label = labelText(childText(t, 'label') || id).slice(0, 60);
    const gEls = elements(first(t, 'gadgets'), 'gadget');
    if (gEls.length > LAYOUT_LIMITS.maxGadgetsPerTab) return err('invalid-layout', `Tab "${id}" has ${gEls.length} gadgets; the limit is ${LAYOUT_LIMITS.maxGadgetsPerTab}.`);
    const gadgets: LayoutGadget[] = [];
    for (const g of gEls) {
      const url = textContent(g).trim();
      const problem = gadgetUrlProblem(url);
      if (problem) return err('invalid-layout', `In tab "${id}": ${problem}.`);
      const gid = (g.attrs.id ?? url.slice(url.lastIndexOf('/') + 1).replace(/\.xml$/i, '')).slice(0, 60);
      gadgets.push({ url, id: gid });
    }
    tabs.push({ id, label, gadgets });
  }
  return ok({ role, tabs });
}

const tab = (id: string, label: string, urls: string[]): string =>
  `      <tab>\n        <id>${id}</id>\n        <label>${label}</label>\n        <gadgets>\n${urls.map((u) => `          <gadget>${u}</gadget>\n`).join('')}        </gadgets>\n      </tab>\n`;

export function defaultLayoutXml(role: LayoutRole): string {
  const tabs = role === 'agent'
    ? tab('home', 'finesse.container.tabs.agent.homeLabel', ['/desktop/builtin/calls', '/desktop/builtin/queues', '/3rdpartygadget/files/SampleUserStateGadget.xml'])
    : tab('home', 'finesse.container.tabs.supervisor.homeLabel', ['/desktop/builtin/calls', '/3rdpartygadget/files/SampleUserStateGadget.xml'])
      + tab('team', 'finesse.container.tabs.supervisor.teamLabel', ['/desktop/builtin/team'])
      + tab('queues', 'finesse.container.tabs.supervisor.queuesLabel', ['/desktop/builtin/queues'])
      + tab('tools', 'Tools', ['/3rdpartygadget/files/TestCORSgadget.xml']);
  return `<finesseLayout xmlns="http://www.cisco.com/vtg/finesse">\n  <layout>\n    <role>${role === 'agent' ? 'Agent' : 'Supervisor'}</role>\n    <tabs>\n${tabs}    </tabs>\n  </layout>\n</finesseLayout>\n`;
}
