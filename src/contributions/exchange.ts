/**
 * Rupiah credited for a foreign amount, in exact decimal arithmetic (never floats):
 * `originalMinor` minor units of a currency with `minorUnits` decimals, at `rate` rupiah
 * per whole unit, written as a decimal string ("2015.15"). Rounded half up to the rupiah.
 */
export function rupiahFromForeign(originalMinor: number, minorUnits: number, rate: string): number {
  const match = /^(\d{1,12})(?:\.(\d{1,8}))?$/.exec(rate);
  if (!match) throw new RangeError(`Not a decimal exchange rate: ${rate}`);
  const fraction = match[2] ?? '';
  const rateScaled = BigInt(`${match[1]}${fraction}`);
  const divisor = 10n ** BigInt(minorUnits + fraction.length);
  const product = BigInt(originalMinor) * rateScaled;
  return Number((product * 2n + divisor) / (divisor * 2n));
}

/** The rupiah a channel credited may differ from the exact conversion by rounding only. */
export const rupiahRoundingTolerance = 1;
