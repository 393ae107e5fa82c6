// Fixed, seeded Banking77 folds shared by eval and bench so figures are comparable.
import { seededRandom, shuffleInPlace } from './linear-trainer.ts';

export const FOLD_SEED = 1;

/** Returns fold index (0..k-1) per row: a seeded shuffle, then round-robin. */
export function foldAssignment(rows: number, k = 5, seed = FOLD_SEED): Int8Array {
  const order = shuffleInPlace(
    Array.from({ length: rows }, (_, i) => i),
    seededRandom(seed),
  );
  const fold = new Int8Array(rows);
  order.forEach((row, position) => {
    fold[row] = position % k;
  });
  return fold;
}
