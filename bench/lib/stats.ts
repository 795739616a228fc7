/** Order statistics and number formatting for the benchmark tables. */

/** Linear-interpolated quantile (q in 0..1) of the samples; NaN when there are none. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  const lo = Math.floor(at)
  const hi = Math.ceil(at)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo)
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5)
export const p95 = (samples: readonly number[]): number => quantile(samples, 0.95)

/** Median absolute deviation relative to the median, as a percentage: how noisy a row was. */
export function spreadPercent(samples: readonly number[]): number {
  const m = median(samples)
  return (median(samples.map((s) => Math.abs(s - m))) / m) * 100
}

export function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length)
}

/** Milliseconds with precision that suits their size: 0.123 ms, 12.3 ms, 1234 ms. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '—'
  if (value < 1) return `${value.toFixed(3)} ms`
  if (value < 100) return `${value.toFixed(1)} ms`
  return `${Math.round(value)} ms`
}

export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return '—'
  return value >= 100
    ? `${Math.round(value)}×`
    : value >= 10
      ? `${value.toFixed(1)}×`
      : `${value.toFixed(2)}×`
}
