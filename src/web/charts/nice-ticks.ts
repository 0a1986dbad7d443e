// Round axis ticks ("nice numbers": 1, 2, 2.5 or 5 times a power of ten) for chart scales.

/** Each nice fraction with the lower geometric midpoint from which a rough step rounds to it. */
const NICE_FRACTIONS: ReadonlyArray<readonly [from: number, nice: number]> = [
  [Math.sqrt(50), 10],
  [Math.sqrt(12.5), 5],
  [Math.sqrt(5), 2.5],
  [Math.sqrt(2), 2],
  [0, 1],
];

/**
 * The nice step nearest to `rough` on a log scale, so it lies within a factor √2 of it; rounding
 * up instead would make 0–480 ms go up in 200s to an empty 600.
 */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = NICE_FRACTIONS.find(([from]) => fraction >= from)?.[1] ?? 1;
  return nice * power;
}

/** Drops floating point noise such as 0.30000000000000004 at any magnitude. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/** Ranges narrower than this share of their magnitude cannot be split in steps a double holds. */
const RELATIVE_EPSILON = 1e-9;

function widened(low: number, high: number): [number, number] {
  const magnitude = Math.max(Math.abs(low), Math.abs(high));
  if (high - low > magnitude * RELATIVE_EPSILON && high - low >= 1e-200) return [low, high];
  // Values this close to zero are zero for a chart, but the axis must still include them.
  if (magnitude < 1e-200) return [low < 0 ? -1 : 0, high > 0 || low >= 0 ? 1 : 0];
  return [low - magnitude / 2, high + magnitude / 2];
}

/**
 * Evenly spaced round ticks from at or below `min` to at or above `max`, about `count` of them:
 * at least 2 and at most ⌈1.5 × count⌉ + 2 (the step is within √2 of range / count, and rounding
 * the ends outwards can add one interval at each end). A degenerate range (min == max, or too
 * narrow for its magnitude) is widened so the axis still has a scale.
 */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  const [low, high] = widened(Math.min(min, max), Math.max(min, max));
  const step = niceStep((high - low) / Math.max(1, Math.round(count)));
  const first = Math.floor(low / step + 1e-9);
  const last = Math.max(first + 1, Math.ceil(high / step - 1e-9));
  const ticks: number[] = [];
  for (let index = first; index <= last; index += 1) {
    const exact = index * step;
    const tidy = clean(exact);
    // Tidying must never pull an end tick back inside the range it is meant to cover.
    const keepExact = (index === first && tidy > low) || (index === last && tidy < high);
    ticks.push(keepExact ? exact : tidy);
  }
  // The tolerance above absorbs division noise; where it snapped past an end, add a tick there.
  if (ticks[0]! > low) ticks.unshift((first - 1) * step);
  if (ticks.at(-1)! < high) ticks.push((last + 1) * step);
  return ticks;
}
