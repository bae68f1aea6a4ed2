// "Did you mean …?" for mistyped flags, config keys and admin words: the closest candidate by edit
// distance, if it is close enough to be a plausible typo.

/** Levenshtein distance (insert, delete, substitute; each costs 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * The candidate closest to `input` (case-insensitive), or undefined when none is within
 * `maxDistance` (default: a third of the input's length, at least 2). A candidate that starts with
 * the input (an abbreviation) also counts.
 * @example closest('--port-http', ['--port-https', '--fqdn']) // '--port-https'
 */
export function closest(input: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  const needle = input.toLowerCase();
  const limit = maxDistance ?? Math.max(2, Math.floor(needle.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase();
    const score = hay.startsWith(needle) && needle.length >= 3 ? 0.5 : editDistance(needle, hay);
    if (score <= limit && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
