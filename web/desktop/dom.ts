// A tiny DOM builder for the desktop (no framework): h('button', { class: 'x', onclick }, 'Text').
export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
      else if (k === 'class') el.className = String(v);
      else if (k === 'value' && 'value' in el) (el as HTMLInputElement).value = String(v);
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

/**
 * Replaces a container's content, keeping keyboard focus on the element with the same data-key and
 * what the user typed or chose in text inputs and selects with a data-key.
 */
export function replaceKeepingFocus(container: HTMLElement, ...children: Child[]): void {
  const active = document.activeElement as HTMLElement | null;
  const key = active && container.contains(active) ? active.getAttribute('data-key') : null;
  const selStart = active instanceof HTMLInputElement ? active.selectionStart : null;
  const typed = new Map<string, string>();
  for (const el of container.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input[data-key], select[data-key]')) {
    if (el.value && el.getAttribute('data-keep') !== 'no') typed.set(el.getAttribute('data-key')!, el.value);
  }
  container.replaceChildren();
  append(container, children);
  for (const [k, v] of typed) {
    const el = container.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-key="${CSS.escape(k)}"]`);
    if (!el || el.value) continue;
    if (el instanceof HTMLSelectElement && ![...el.options].some((o) => o.value === v)) continue;
    el.value = v;
  }
  if (key) {
    const again = container.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
    if (again) {
      again.focus();
      if (again instanceof HTMLInputElement && selStart !== null) { try { again.setSelectionRange(selStart, selStart); } catch { /* not a text input */ } }
    }
  }
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  const s = Math.floor(ms / 1000);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return hh > 0 ? `${hh}:${two(mm)}:${two(ss)}` : `${two(mm)}:${two(ss)}`;
}
