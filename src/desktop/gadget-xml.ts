// Gadget XML (OpenSocial gadget spec as Finesse uses it: <Module><ModulePrefs/><UserPref/>
// <Content type="html|url"/></Module>) → the HTML page a sandboxed gadget iframe loads. Pure.
import { err, ok, type Result } from '../shared/result.js';
import { elements, first, parseDocument, textContent } from './doc-xml.js';

export interface UserPref { readonly name: string; readonly displayName: string; readonly defaultValue: string; readonly datatype: string }

export interface GadgetSpec {
  readonly title: string;
  readonly height: number | undefined;
  readonly requires: readonly string[];
  readonly userPrefs: readonly UserPref[];
  readonly content: { readonly type: 'html'; readonly html: string } | { readonly type: 'url'; readonly href: string };
}

export const GADGET_XML_MAX_CHARS = 512 * 1024;

export function parseGadget(xml: string): Result<GadgetSpec, 'invalid-gadget'> {
  const doc = parseDocument(xml, { maxChars: GADGET_XML_MAX_CHARS, maxDepth: 64, maxElements: 20_000 });
  if (!doc.ok) return err('invalid-gadget', `the gadget XML is not well-formed: ${doc.text ?? doc.error}`);
  const root = doc.value;
  if (root.name !== 'Module') return err('invalid-gadget', `the root element is <${root.name}>, not <Module>`);
  const prefs = first(root, 'ModulePrefs');
  const requires = [...elements(prefs, 'Require'), ...elements(prefs, 'Optional')].map((r) => r.attrs.feature ?? '').filter(Boolean);
  const userPrefs = elements(root, 'UserPref').map((p) => ({
    name: p.attrs.name ?? '', displayName: p.attrs.display_name ?? p.attrs.name ?? '', defaultValue: p.attrs.default_value ?? '', datatype: p.attrs.datatype ?? 'string',
  })).filter((p) => /^[A-Za-z0-9_.-]{1,100}$/.test(p.name));
  const contents = elements(root, 'Content');
  const content = contents.find((c) => !c.attrs.view || /(^|,)\s*(default|home|canvas|profile)\s*(,|$)/.test(c.attrs.view)) ?? contents[0];
  if (!content) return err('invalid-gadget', 'the gadget has no <Content>');
  const type = (content.attrs.type ?? 'html').toLowerCase();
  const heightNum = Number(prefs?.attrs.height);
  const base = { title: prefs?.attrs.title ?? '', height: Number.isFinite(heightNum) && heightNum > 0 ? Math.min(heightNum, 4000) : undefined, requires, userPrefs };
  if (type === 'url') {
    const href = (content.attrs.href ?? '').trim();
    if (!href) return err('invalid-gadget', '<Content type="url"> has no href');
    return ok({ ...base, content: { type: 'url', href } });
  }
  if (type !== 'html' && type !== 'html-inline') return err('invalid-gadget', `<Content type="${type}"> is not supported (html or url)`);
  return ok({ ...base, content: { type: 'html', html: textContent(content) } });
}

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));

/** Replaces __UP_name__ (escaped), __MODULE_ID__ and __MSG_x__ (→ x) the way gadget containers do. */
export function substitute(html: string, prefs: Readonly<Record<string, string>>, moduleId: string): string {
  return html
    .replace(/__UP_([A-Za-z0-9_.-]{1,100})__/g, (_m, n: string) => escapeHtml(prefs[n] ?? ''))
    .replace(/__MODULE_ID__/g, escapeHtml(moduleId))
    .replace(/__MSG_([A-Za-z0-9_.-]{1,100})__/g, (_m, n: string) => escapeHtml(n));
}

export interface RenderInput {
  readonly spec: GadgetSpec & { readonly content: { readonly type: 'html'; readonly html: string } };
  /** Folder of the gadget XML, for relative URLs (e.g. /3rdpartygadget/files/MyGadget/). */
  readonly baseHref: string;
  readonly moduleId: string;
  readonly prefs?: Readonly<Record<string, string>>;
}

export function renderGadgetPage(r: RenderInput): string {
  const prefs: Record<string, string> = {};
  for (const p of r.spec.userPrefs) prefs[p.name] = r.prefs?.[p.name] ?? p.defaultValue;
  const meta = JSON.stringify({ title: r.spec.title, height: r.spec.height ?? null, moduleId: r.moduleId, prefs, requires: r.spec.requires })
    .replace(/</g, '\\u003c');
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<base href="${escapeHtml(r.baseHref)}">
<title>${escapeHtml(r.spec.title)}</title>
<link rel="stylesheet" href="/desktop/assets/css/gadget.css">
<script type="application/json" id="parley-gadget-meta">${meta}</script>
<script src="/desktop/assets/js/finesse.js"></script>
</head>
<body>
${substitute(r.spec.content.html, prefs, r.moduleId)}
</body>
</html>
`;
}

export function renderGadgetError(message: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="/desktop/assets/css/gadget.css"></head>
<body><p class="parley-gadget-error" role="alert">${escapeHtml(message)}</p></body></html>
`;
}
