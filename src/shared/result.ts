// Expected failures travel as values; throwing is for programmer errors (style.md §6.3).
export type Result<T, E extends string = string> =
  | { ok: true; value: T }
  | { ok: false; error: E; text?: string };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E extends string>(error: E, text?: string): { ok: false; error: E; text?: string } =>
  text === undefined ? { ok: false, error } : { ok: false, error, text };
