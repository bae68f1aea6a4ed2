// Desktop layouts on disk: DATA/desktop/layout/<role>.xml, written atomically; the built-in default
// when the file is absent. A stored file that no longer validates falls back to the default (and
// says so) rather than breaking every desktop.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../shared/result.js';
import type { Logger } from '../shared/logger.js';
import { defaultLayoutXml, parseLayout, type DesktopLayout, type LayoutRole } from './layout-xml.js';

export interface StoredLayout { readonly role: LayoutRole; readonly xml: string; readonly layout: DesktopLayout; readonly custom: boolean; readonly problem?: string }

export interface LayoutStore {
  get(role: LayoutRole): StoredLayout;
  put(role: LayoutRole, xml: string): Result<StoredLayout, 'invalid-layout'>;
  reset(role: LayoutRole): StoredLayout;
}

export function createLayoutStore(dataDir: string, log: Logger): LayoutStore {
  const dir = join(dataDir, 'desktop', 'layout');
  const file = (role: LayoutRole): string => join(dir, `${role}.xml`);
  const fallback = (role: LayoutRole, problem?: string): StoredLayout => {
    const xml = defaultLayoutXml(role);
    const parsed = parseLayout(xml, role);
    if (!parsed.ok) throw new Error(`the built-in ${role} layout does not validate: ${parsed.text}`);
    return { role, xml, layout: parsed.value, custom: false, ...(problem ? { problem } : {}) };
  };
  return {
    get(role) {
      let xml: string;
      try {
        xml = readFileSync(file(role), 'utf8');
      } catch {
        return fallback(role);
      }
      const parsed = parseLayout(xml, role);
      if (!parsed.ok) {
        log.warn(`desktop: the stored ${role} layout is not valid (${parsed.text}); using the default`);
        return fallback(role, parsed.text);
      }
      return { role, xml, layout: parsed.value, custom: true };
    },
    put(role, xml) {
      const parsed = parseLayout(xml, role);
      if (!parsed.ok) return err('invalid-layout', parsed.text);
      mkdirSync(dir, { recursive: true, mode: 0o750 });
      const tmp = `${file(role)}.${process.pid}.tmp`;
      writeFileSync(tmp, xml, { mode: 0o640 });
      renameSync(tmp, file(role));
      log.info(`desktop: the ${role} layout was changed`);
      return ok({ role, xml, layout: parsed.value, custom: true });
    },
    reset(role) {
      rmSync(file(role), { force: true });
      log.info(`desktop: the ${role} layout was reset to the default`);
      return fallback(role);
    },
  };
}
