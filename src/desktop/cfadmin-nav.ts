// The navigation shared by every /cfadmin/ page (pure; no Node APIs, so the browser bundle imports it
// too). Server-rendered admin pages (certificates, CORS) can put `cfadminNavHtml('/cfadmin/cors')` at
// the top of their body to carry the same links.
export const CFADMIN_NAV: readonly { readonly href: string; readonly label: string }[] = [
  { href: '/cfadmin/', label: 'Overview' },
  { href: '/cfadmin/layout', label: 'Desktop layout' },
  { href: '/cfadmin/gadgets', label: 'Gadgets' },
  { href: '/cfadmin/certificates', label: 'Certificates' },
  { href: '/cfadmin/cors', label: 'CORS' },
  { href: '/desktop/', label: 'Desktop' },
];

/** The navigation as HTML for a server-rendered page; `current` is marked aria-current. */
export function cfadminNavHtml(current: string): string {
  const links = CFADMIN_NAV.map((n) => `<a href="${n.href}"${n.href === current ? ' aria-current="page"' : ''}>${n.label}</a>`).join(' ');
  return `<nav class="admin-nav" aria-label="Administration"><strong>Parley Administration</strong> ${links}</nav>`;
}
