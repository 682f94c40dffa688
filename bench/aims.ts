// The issues' speed aims, and how a run compares with them. Each aim was set on a reference
// machine whose speed the issue states through a baseline (a raw COPY at about 900,000
// rows/s; one Ed25519 verification with jose in about 0.18 ms). These machines' speed
// changes from day to day (a shared 2-core virtual machine: the same code has measured
// twice as fast on one day as on another), so beside the absolute figure each aim is also
// given as a ratio to that baseline, which the run measures too: the aim scaled to the
// machine the run had.

export interface Aim {
  /** What is measured, e.g. 'payments/s on PostgreSQL'. */
  what: string;
  /** The aim's figure on the reference machine. */
  figure: number;
  /** The baseline's figure on the reference machine, and what it is. */
  referenceBaseline: number;
  baseline: string;
}

export const aims = {
  paymentsPostgres: { what: 'payments/s on PostgreSQL', figure: 100_000, referenceBaseline: 900_000, baseline: 'raw COPY rows/s' },
  paymentsPglite: { what: 'payments/s on PGlite', figure: 20_000, referenceBaseline: 900_000, baseline: 'raw COPY rows/s (on PostgreSQL)' },
  fileRowsPostgres: { what: 'file rows/s on PostgreSQL', figure: 100_000, referenceBaseline: 900_000, baseline: 'raw COPY rows/s' },
  fileRowsPglite: {
    what: 'file rows/s on PGlite',
    figure: 20_000,
    referenceBaseline: 900_000,
    baseline: 'raw COPY rows/s (on PostgreSQL)',
  },
  signedMessages: {
    what: 'signed messages/s end to end',
    figure: 2_000,
    referenceBaseline: 1000 / 0.18,
    baseline: 'bare jose Ed25519 verifications/s',
  },
} satisfies Record<string, Aim>;

/**
 * One line: the measured figure against the aim, absolute and scaled by this run's baseline
 * (`baseline` measured in the same run, in the aim's baseline unit).
 */
export function aimLine(aim: Aim, measured: number, baseline: number | undefined): string {
  const absolute = `${Math.round(measured).toLocaleString('en')} ${aim.what} against an aim of ${aim.figure.toLocaleString('en')} (${verdict(measured >= aim.figure)})`;
  if (baseline === undefined) return absolute;
  const scaled = (aim.figure * baseline) / aim.referenceBaseline;
  return (
    `${absolute}; scaled to this run's ${aim.baseline} of ${Math.round(baseline).toLocaleString('en')} ` +
    `(reference ${Math.round(aim.referenceBaseline).toLocaleString('en')}), the aim is ${Math.round(scaled).toLocaleString('en')} (${verdict(measured >= scaled)})`
  );
}

const verdict = (met: boolean) => (met ? 'met' : 'not met');
