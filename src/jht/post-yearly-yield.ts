import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/connection.ts';
import { DomainError } from '../kernel/errors.ts';
import { type FigureStatus, type YieldRate, yearEnd, yearStart, yieldRateFor, yieldRates } from './rules.ts';
import * as store from './store.ts';

export interface YieldPosting {
  year: number;
  rate: { basisPoints: number; status: FigureStatus; source: string };
  /** Accounts credited, and the rupiah credited in all. */
  accounts: number;
  total: number;
  postedBy: string;
  postedAt: Date;
  /** True when the year had been posted before: this call wrote nothing. */
  alreadyPosted: boolean;
}

export interface YieldPostingOptions {
  postedBy: string;
  /** A rate not CONFIRMED is posted only when the caller says so; the flag is kept with the posting. */
  acceptUnconfirmedRate?: boolean;
  /** The rate table; the regulation table of rules.ts unless told (tests). */
  rates?: readonly YieldRate[];
}

/**
 * Posts a year's development yield to every JHT account at once, after the year is over
 * (see `insertYearlyYield` for the SQL and rules.ts `yearlyYield` for the formula). A year
 * is posted once: posting it again answers the first posting and writes nothing. Years are
 * posted in order, so that each year's yield earns in the next.
 */
export async function postYearlyYield(ctx: AppContext, year: number, options: YieldPostingOptions): Promise<YieldPosting> {
  const posted = await store.findYieldPosting(ctx.db, year);
  if (posted) return postingOf(posted, true);

  if (ctx.clock.today() <= yearEnd(year)) {
    throw new DomainError('conflict', 'YIELD_YEAR_NOT_OVER', {
      en: `The yield for ${year} can be posted only after 31 December ${year}.`,
      id: `Hasil pengembangan ${year} baru dapat dibukukan setelah 31 Desember ${year}.`,
    });
  }
  const rates = options.rates ?? yieldRates;
  const rate = yieldRateFor(year, rates);
  if (!rate) {
    throw new DomainError('conflict', 'YIELD_RATE_UNKNOWN', {
      en: `The rate table has no development yield rate for ${year}; add it first.`,
      id: `Tabel tarif tidak memiliki tarif hasil pengembangan untuk ${year}; tambahkan terlebih dahulu.`,
    });
  }
  if (rate.status !== 'CONFIRMED' && options.acceptUnconfirmedRate !== true) {
    throw new DomainError(
      'conflict',
      'YIELD_RATE_UNCONFIRMED',
      {
        en: `The ${year} rate (${rate.basisPoints} basis points) is ${rate.status} (${rate.source}); confirm it in the table, or post it with acceptUnconfirmedRate.`,
        id: `Tarif ${year} (${rate.basisPoints} basis poin) berstatus ${rate.status} (${rate.source}); konfirmasi di tabel, atau bukukan dengan acceptUnconfirmedRate.`,
      },
      { extensions: { rate: rateOf(rate) } },
    );
  }
  if (
    yieldRateFor(year - 1, rates) &&
    !(await store.findYieldPosting(ctx.db, year - 1)) &&
    (await store.hasEntriesBefore(ctx.db, yearStart(year)))
  ) {
    throw new DomainError('conflict', 'YIELD_PREVIOUS_YEAR_NOT_POSTED', {
      en: `Post the yield for ${year - 1} first: it earns yield in ${year}.`,
      id: `Bukukan hasil pengembangan ${year - 1} terlebih dahulu: hasil itu ikut berkembang pada ${year}.`,
    });
  }

  try {
    const row = await store.insertYearlyYield(ctx.db, {
      year,
      rate: rateOf(rate),
      note: `Development yield ${year} at ${rate.basisPoints} basis points a year (${rate.status}; ${rate.source})`,
      postedBy: options.postedBy,
      postedAt: ctx.clock.now(),
    });
    return postingOf(row, false);
  } catch (error) {
    // A posting of the same year running at the same moment won.
    if (!isUniqueViolation(error)) throw error;
    const winner = await store.findYieldPosting(ctx.db, year);
    if (!winner) throw error;
    return postingOf(winner, true);
  }
}

function rateOf(rate: YieldRate) {
  return { basisPoints: rate.basisPoints, status: rate.status, source: rate.source };
}

function postingOf(row: store.YieldPostingRow, alreadyPosted: boolean): YieldPosting {
  return {
    year: row.year,
    rate: { basisPoints: row.rate_basis_points, status: row.rate_status, source: row.rate_source },
    accounts: row.accounts,
    total: row.total,
    postedBy: row.posted_by,
    postedAt: new Date(row.posted_at),
    alreadyPosted,
  };
}
