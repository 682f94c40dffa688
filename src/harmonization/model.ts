/**
 * The Fellegi–Sunter model: for every field and level, m (how often a true match shows
 * that level) and u (how often two different people do). u comes from random pairs, m
 * and the share of matches among candidate pairs (lambda) from expectation–maximisation
 * over the candidate pairs, with officers' decisions fixed as known answers. The match
 * weight of a pair is log2(lambda / (1 − lambda)) + Σ log2(m / u); for an exact name the
 * u is the name's own frequency, so that a common name such as "Siti" weighs less than a
 * rare one. Pure: no I/O.
 */
import { type ComparisonField, type ComparisonVector, comparisonFields, comparisonLevels, levelName } from './comparisons.ts';

export interface LinkageModel {
  /** The probability that two records drawn at random are the same person (the prior). */
  lambda: number;
  m: Record<ComparisonField, number[]>;
  u: Record<ComparisonField, number[]>;
  /** Match weights: at or above `link` a link is made; from `review` up to it, an officer decides. */
  thresholds: { link: number; review: number };
  /** Frequency of the commonest name keys in the register; other names count as `rareNameFrequency`. */
  nameFrequencies: Record<string, number>;
  rareNameFrequency: number;
  /** How the model was estimated. */
  training: { candidatePairs: number; randomPairs: number; labels: number; iterations: number; converged: boolean };
}

/** One distinct comparison vector with how many pairs share it; labelled pairs are counted apart. */
export interface PatternCount {
  levels: ComparisonVector;
  count: number;
  /** Officer decision when every pair of this count was decided: 1 match, 0 no match. */
  label?: 0 | 1;
}

/**
 * Match weights (log2 of the odds of a match): a link from 2 (probability 0.8) up, review
 * from −4 (0.06). Set on the synthetic benchmark at 1,000,000 members, where they gave
 * precision 0.9998 and recall 0.978 for the automatic links.
 */
export const defaultThresholds = { link: 2, review: -4 } as const;

/** Starting values for EM: a match mostly agrees, a non-match mostly does not. */
function startingM(): Record<ComparisonField, number[]> {
  const m = {} as Record<ComparisonField, number[]>;
  for (const field of comparisonFields) {
    const levels = comparisonLevels[field].length;
    // First real level (exact) gets most of the mass, the rest share what is left, falling.
    m[field] = Array.from({ length: levels }, (_, i) => (i === 0 ? 0 : i === 1 ? 0.8 : 0.2 / 2 ** (i - 1)));
    normalize(m[field]);
  }
  return m;
}

function normalize(probabilities: number[]): void {
  const total = probabilities.reduce((sum, p, i) => (i === 0 ? sum : sum + p), 0);
  for (let i = 1; i < probabilities.length; i++) probabilities[i] = (probabilities[i] as number) / total;
  probabilities[0] = 0;
}

/** u per level from the level counts of random pairs (with half a pair added to every level). */
export function estimateU(randomCounts: Record<ComparisonField, number[]>): Record<ComparisonField, number[]> {
  const u = {} as Record<ComparisonField, number[]>;
  for (const field of comparisonFields) {
    const counts = randomCounts[field];
    u[field] = counts.map((c, i) => (i === 0 ? 0 : c + 0.5));
    normalize(u[field]);
  }
  return u;
}

const FLOOR = 1e-6;
const M_FLOOR = 1e-3;

/** One EM training session: pairs from one training block, with the fields that block fixes left out. */
export interface TrainingSession {
  patterns: readonly PatternCount[];
  /** Fields the training block makes agree: their m cannot be learned from it. */
  blockedFields: readonly ComparisonField[];
}

/**
 * Expectation–maximisation as Splink does it: in each training session (the pairs of one
 * training block), u is held at the random pairs' values and m is learned for the fields
 * the block does not fix; each field's m is the mean over the sessions that learned it.
 * The prior (two random records matching) comes from one more EM pass over all the
 * candidate pairs with m and u held, in which only the share of matches moves.
 */
export function estimateModel(
  sessions: readonly TrainingSession[],
  allPatterns: readonly PatternCount[],
  u: Record<ComparisonField, number[]>,
  options: { comparablePairs: number; randomPairs?: number; maxIterations?: number; tolerance?: number },
): Omit<LinkageModel, 'thresholds' | 'nameFrequencies' | 'rareNameFrequency'> & { expectedMatches: number } {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  const learned = {} as Record<ComparisonField, number[][]>;
  for (const field of comparisonFields) learned[field] = [];
  let iterations = 0;
  let converged = true;
  for (const session of sessions) {
    const active = comparisonFields.map((f) => !session.blockedFields.includes(f));
    let m = startingM();
    let share = 0.5;
    let done = false;
    for (let i = 0; i < maxIterations && !done; i++) {
      iterations++;
      const sums = {} as Record<ComparisonField, number[]>;
      for (const field of comparisonFields) sums[field] = new Array<number>(comparisonLevels[field].length).fill(FLOOR);
      let matchMass = 0;
      let total = 0;
      for (const pattern of session.patterns) {
        const levels = pattern.levels.map((l, f) => (active[f] ? l : 0));
        const p = pattern.label ?? matchProbability(share, m, u, levels);
        matchMass += p * pattern.count;
        total += pattern.count;
        comparisonFields.forEach((field, f) => {
          const level = levels[f] as number;
          if (level > 0) (sums[field] as number[])[level] = ((sums[field] as number[])[level] as number) + p * pattern.count;
        });
      }
      const nextShare = Math.min(1 - FLOOR, Math.max(FLOOR, matchMass / Math.max(total, 1)));
      let change = Math.abs(nextShare - share);
      share = nextShare;
      for (const field of comparisonFields) {
        normalize(sums[field]);
        sums[field].forEach((value, k) => {
          change = Math.max(change, Math.abs(value - (m[field][k] as number)));
        });
      }
      m = sums;
      done = change < tolerance;
    }
    converged &&= done;
    comparisonFields.forEach((field, f) => {
      if (active[f]) learned[field].push(m[field]);
    });
  }
  const m = startingM();
  for (const field of comparisonFields) {
    const runs = learned[field];
    if (runs.length === 0) continue;
    m[field] = (m[field] as number[]).map((_, k) => runs.reduce((sum, run) => sum + (run[k] as number), 0) / runs.length);
    normalize(m[field]);
  }
  // The share of matches among all candidate pairs, with m and u held.
  let share = 0.5;
  let expectedMatches = 0;
  const total = allPatterns.reduce((sum, p) => sum + p.count, 0);
  for (let i = 0; i < maxIterations; i++) {
    expectedMatches = 0;
    for (const pattern of allPatterns) expectedMatches += (pattern.label ?? matchProbability(share, m, u, pattern.levels)) * pattern.count;
    const next = Math.min(1 - FLOOR, Math.max(FLOOR, expectedMatches / Math.max(total, 1)));
    const change = Math.abs(next - share);
    share = next;
    if (change < tolerance) break;
  }
  return {
    lambda: Math.min(0.5, Math.max(1e-12, expectedMatches / Math.max(options.comparablePairs, 1))),
    m,
    u,
    expectedMatches,
    training: {
      candidatePairs: total,
      randomPairs: options.randomPairs ?? 0,
      labels: allPatterns.filter((p) => p.label !== undefined).length,
      iterations,
      converged,
    },
  };
}

function matchProbability(
  lambda: number,
  m: Record<ComparisonField, number[]>,
  u: Record<ComparisonField, number[]>,
  levels: ComparisonVector,
): number {
  let logRatio = Math.log2(lambda / (1 - lambda));
  comparisonFields.forEach((field, f) => {
    const level = levels[f] as number;
    if (level > 0) logRatio += Math.log2(Math.max(m[field][level] as number, FLOOR) / Math.max(u[field][level] as number, FLOOR));
  });
  return 1 / (1 + 2 ** -logRatio);
}

/** log2(m/u) of one field's level; 0 for MISSING. `termFrequency` replaces u for an exact name. */
export function levelWeight(model: Pick<LinkageModel, 'm' | 'u'>, field: ComparisonField, level: number, termFrequency?: number): number {
  if (level === 0) return 0;
  // A level never seen among matches still happens (a NIK mistyped twice): m is floored at 1/1000.
  const m = Math.max(model.m[field][level] ?? M_FLOOR, M_FLOOR);
  const u =
    field === 'name' && level === 1 && termFrequency !== undefined
      ? Math.max(termFrequency, FLOOR / 100)
      : Math.max(model.u[field][level] ?? FLOOR, FLOOR);
  return Math.log2(m / u);
}

export interface FieldExplanation {
  field: ComparisonField;
  level: string;
  weight: number;
}

export interface ScoredPair {
  /** log2 of the odds that the pair is a match. */
  weight: number;
  probability: number;
  explanation: FieldExplanation[];
}

export function priorWeight(model: Pick<LinkageModel, 'lambda'>): number {
  return Math.log2(model.lambda / (1 - model.lambda));
}

/** The frequency of a name key in the register, as the model knows it. */
export function nameFrequency(model: Pick<LinkageModel, 'nameFrequencies' | 'rareNameFrequency'>, key: string): number {
  return model.nameFrequencies[key] ?? model.rareNameFrequency;
}

export function scorePair(model: LinkageModel, levels: ComparisonVector, nameFrequency?: number): ScoredPair {
  let weight = priorWeight(model);
  const explanation = comparisonFields.map((field, f) => {
    const level = levels[f] as number;
    const w = levelWeight(model, field, level, nameFrequency);
    weight += w;
    return { field, level: levelName(field, level), weight: round(w) };
  });
  return { weight: round(weight), probability: 1 / (1 + 2 ** -weight), explanation };
}

export type Decision = 'LINKED' | 'REVIEW' | 'NEW';

export function decide(model: Pick<LinkageModel, 'thresholds'>, weight: number): Decision {
  if (weight >= model.thresholds.link) return 'LINKED';
  if (weight >= model.thresholds.review) return 'REVIEW';
  return 'NEW';
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
