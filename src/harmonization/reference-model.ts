/**
 * The reference model: m and u estimated by `runLinkage` on 200,000 synthetic members
 * against 180,000 partner records (seed 2026). Used when the records at hand are too few
 * to estimate from (a small file, a fresh register), with the prior recomputed for their
 * size. Regenerate it when the comparison levels change.
 */
import type { LinkageModel } from './model.ts';
import { defaultThresholds } from './model.ts';

export function referenceModel(leftRecords: number): LinkageModel {
  return {
    // Half the incoming records are expected to be somebody in the register.
    lambda: Math.min(0.5, 0.5 / Math.max(leftRecords, 1)),
    m: {
      nik: [0, 0.9898, 0.01019, 0.000004322],
      passport: [0, 0.6967, 1.686e-11, 0.3033],
      phone: [0, 0.7021, 0.2979],
      name: [0, 0.8425, 0.05906, 0.07729, 0.01006, 0.01112],
      birthDate: [0, 0.9299, 0.01284, 0.04772, 0.009579, 1.12e-11],
      sex: [0, 1, 1.456e-9],
      region: [0, 1, 7.711e-8, 5.096e-7],
      country: [0, 0.9557, 0.04426],
    },
    u: {
      nik: [0, 0.000003208, 0.000003208, 1],
      passport: [0, 0.000003479, 0.000003479, 1],
      phone: [0, 0.000004237, 1],
      name: [0, 0.0006561, 0.0007288, 0.007763, 0.03084, 0.96],
      birthDate: [0, 0.0001078, 0.00003866, 0.0001363, 0.005333, 0.9944],
      sex: [0, 0.5365, 0.4635],
      region: [0, 0.00255, 0.07442, 0.923],
      country: [0, 0.1184, 0.8816],
    },
    thresholds: { ...defaultThresholds },
    nameFrequencies: {},
    rareNameFrequency: 0.0006561,
    training: { candidatePairs: 277604, randomPairs: 247659, labels: 0, iterations: 14, converged: true },
  };
}

/** Fewer records than this on a side, or fewer candidate pairs, and the reference model is used. */
export const MIN_RECORDS_TO_ESTIMATE = 1000;
