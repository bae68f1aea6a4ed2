// Seeded randomness for the ACD simulator and its scenarios (style.md §6.4: randomness is injected).

/** A function returning a float in [0, 1), like Math.random. */
export type RandomSource = () => number;

/** mulberry32: a small, fast, seeded PRNG. The same seed gives the same sequence on every platform. */
export function seededRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  return function random() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An exponentially distributed delay with the given mean (Poisson process inter-arrival times). */
export function exponential(random: RandomSource, mean: number): number {
  return -Math.log(1 - random()) * mean;
}
