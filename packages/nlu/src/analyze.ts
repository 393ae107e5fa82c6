// The NLU entry point used by the server: one pure, synchronous call per message.
import { detectInsult } from './insult-detector.ts';
import { identifyLanguage, type Language } from './language-id.ts';
import type { Prediction } from './linear-model.ts';
import { getModels } from './model-store.ts';
import { detectPii, mask, type PiiSpan, type PiiType } from './pii-detector.ts';
import { detectRumour } from './rumour-detector.ts';
import { combineSentiment, type SentimentLabel, sentimentParts } from './sentiment-analyzer.ts';
import { foldForMatching, normalizeText, tokenize } from './text-features.ts';
import { detectUrgency, type Urgency } from './urgency-detector.ts';

export { INTENTS } from './intent-taxonomy.ts';
export type { Language, PiiSpan, PiiType, SentimentLabel, Urgency };
export { mask };

export interface AnalyzeHints {
  language?: 'fr' | 'en';
  channel?: string;
}

export interface Analysis {
  language: Language;
  intent: string;
  intentConfidence: number;
  sentiment: SentimentLabel;
  /** -1 (very negative) .. 1 (very positive). */
  sentimentScore: number;
  insult: boolean;
  /** Present only when insult is true. */
  insultReason?: string;
  urgency: Urgency;
  rumour: boolean;
  pii: PiiSpan[];
}

/**
 * Analyses one message. Never throws on any string (empty, huge, binary, any script); work is
 * bounded: classification reads the first 2,000 characters, PII detection scans the whole text
 * with linear-time patterns.
 */
export function analyze(text: string, hints: AnalyzeHints = {}): Analysis {
  const input = typeof text === 'string' ? text : String(text ?? '');
  const models = getModels();
  const folded = foldForMatching(input);
  const language = identifyLanguage(input, hints?.language === 'fr' || hints?.language === 'en' ? hints.language : undefined, folded);
  const tokens = tokenize(normalizeText(input));

  let intent = 'other';
  let intentConfidence = 0;
  let sentiment: SentimentLabel = 'neutral';
  let sentimentScore = 0;
  if (tokens.length > 0) {
    const vector = models.vectorizer.vectorizeTokens(tokens, true);
    // Each language has its own intent model; a message in another language gets the more
    // confident of the two (often "other").
    let prediction: Prediction;
    if (language === 'fr') prediction = models.intentFr.predictVector(vector);
    else if (language === 'en') prediction = models.intentEn.predictVector(vector);
    else {
      const fr = models.intentFr.predictVector(vector);
      const en = models.intentEn.predictVector(vector);
      prediction = fr.confidence >= en.confidence ? fr : en;
    }
    intent = prediction.label;
    intentConfidence = Math.round(prediction.confidence * 1000) / 1000;
    const parts = sentimentParts(models.sentiment, vector, tokens, input.slice(0, 2000));
    const result = combineSentiment(parts, models.calibration);
    sentiment = result.sentiment;
    sentimentScore = result.score;
  }

  const insult = detectInsult(input, folded);
  const analysis: Analysis = {
    language,
    intent,
    intentConfidence,
    sentiment,
    sentimentScore,
    insult: insult.insult,
    urgency: detectUrgency(input, intent, folded),
    rumour: detectRumour(input, folded),
    pii: detectPii(input),
  };
  if (insult.insult) {
    analysis.insultReason = insult.reason ?? 'insulte';
    if (analysis.sentiment !== 'negative') {
      analysis.sentiment = 'negative';
      analysis.sentimentScore = Math.min(analysis.sentimentScore, -0.5);
    }
  }
  return analysis;
}
