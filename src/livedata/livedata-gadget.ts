// The Live Data report page, served on the livedata port at /livedata/gadget/: three sortable tables
// (agents, teams, queues) updated in place, time in state ticking in the browser, and a queue-depth
// chart of the last hour drawn as inline SVG. Plain HTML, CSS and JavaScript files next to this one.
import { readFileSync } from 'node:fs';
import type { HttpRoutes } from '../http/http-routes.js';

const DIR = new URL('./gadget/', import.meta.url);
const FILES: Record<string, { file: string; type: string }> = {
  '/livedata/gadget/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/livedata/gadget/livedata.js': { file: 'livedata.js', type: 'text/javascript; charset=utf-8' },
  '/livedata/gadget/livedata.css': { file: 'livedata.css', type: 'text/css; charset=utf-8' },
};
const CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors *";

export function livedataGadgetRoutes(routes: HttpRoutes): void {
  const cache = new Map<string, Buffer>();
  for (const [path, { file, type }] of Object.entries(FILES)) {
    routes.route([path], (req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, { allow: 'GET, HEAD' }).end(); return; }
      let body = cache.get(file);
      if (!body) { body = readFileSync(new URL(file, DIR)); cache.set(file, body); }
      res.writeHead(200, { 'content-type': type, 'content-length': String(body.length), 'cache-control': 'no-cache', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  }
  routes.route(['/livedata/gadget'], (_req, res) => { res.writeHead(301, { location: '/livedata/gadget/' }).end(); });
}
