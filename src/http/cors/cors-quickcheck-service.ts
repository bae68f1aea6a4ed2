// The quick check as the CLI, the admin API and the admin page use it: input → target → probes →
// findings with Parley's advice (which command fixes a refused origin on this node).
import type { Clock } from '../../shared/clock.js';
import type { Result } from '../../shared/result.js';
import type { CorsLists } from './cors-lists.js';
import type { Probe } from './quickcheck/http-probe.js';
import { runQuickCheck, type QuickCheckResult } from './quickcheck/quickcheck.js';
import { parleyHint, resolveInput, serviceAt, type NodeFacts, type QuickCheckInput } from './quickcheck/targets.js';

export interface QuickChecker {
  run(input: QuickCheckInput): Promise<Result<QuickCheckResult>>;
}

export function createQuickChecker(deps: { node: () => NodeFacts; lists: CorsLists; probe: Probe; clock: Clock }): QuickChecker {
  return {
    async run(input) {
      const node = deps.node();
      const resolved = resolveInput(input, node);
      if (!resolved.ok) return resolved;
      const { spec } = resolved.value;
      const service = resolved.value.service ?? serviceAt(spec.url, node);
      const list = service ? deps.lists.status(service) : undefined;
      const result = await runQuickCheck(spec, { probe: deps.probe, clock: deps.clock, hint: (f) => parleyHint(f, spec, service, list) });
      return { ok: true, value: result };
    },
  };
}
