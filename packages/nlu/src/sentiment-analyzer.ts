// Sentiment = linear model trained on our own corpora + polarity lexicon, mixed with weights and
// thresholds tuned (never trained) on the fr-sentiment train split.

import type { LinearModel, SparseVector } from './linear-model.ts';
import type { SentimentCalibration } from './model-store.ts';
import { lexiconScore } from './sentiment-lexicon.ts';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentResult {
  sentiment: SentimentLabel;
  score: number;
}

/** Raw ingredients, exposed so the tuner can search weights without re-running the model. */
export function sentimentParts(
  model: LinearModel,
  vector: SparseVector,
  tokens: string[],
  raw: string,
): { model: number; lexicon: number } {
  const p = model.predictVector(vector).probabilities;
  const neg = model.labels.indexOf('negative');
  const pos = model.labels.indexOf('positive');
  return { model: (p[pos] ?? 0) - (p[neg] ?? 0), lexicon: Math.tanh(lexiconScore(tokens, raw) / 2) };
}

export function combineSentiment(parts: { model: number; lexicon: number }, calibration: SentimentCalibration): SentimentResult {
  const w = calibration.lexiconWeight;
  const score = Math.max(-1, Math.min(1, (1 - w) * parts.model + w * parts.lexicon));
  const sentiment: SentimentLabel =
    score <= calibration.negativeThreshold ? 'negative' : score >= calibration.positiveThreshold ? 'positive' : 'neutral';
  return { sentiment, score: Math.round(score * 1000) / 1000 };
}
