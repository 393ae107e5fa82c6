// Loads the shipped JSON models once, lazily, synchronously, on first use. No I/O after that:
// every analyze() call is pure computation over typed arrays.
import { readFileSync } from 'node:fs';
import { type LanguageModelFile, setLanguageModel } from './language-id.ts';
import { LinearModel, type LinearModelFile, type Vectorizer, type VocabularyFile, vectorizerFromFile } from './linear-model.ts';

export interface SentimentCalibration {
  /** Weight of the lexicon score against the model's P(pos) - P(neg). */
  lexiconWeight: number;
  negativeThreshold: number;
  positiveThreshold: number;
}

export interface LoadedModels {
  vectorizer: Vectorizer;
  intentEn: LinearModel;
  intentFr: LinearModel;
  sentiment: LinearModel;
  calibration: SentimentCalibration;
  loadMs: number;
}

let loaded: LoadedModels | undefined;

const MODELS_URL = new URL('../models/', import.meta.url);

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, MODELS_URL), 'utf8')) as T;
}

export function getModels(): LoadedModels {
  if (loaded) return loaded;
  const started = performance.now();
  // One vocabulary for the three text models: a message is vectorised once.
  const vectorizer = vectorizerFromFile(readJson<VocabularyFile>('vocabulary.json'));
  const intentEn = new LinearModel(readJson<LinearModelFile>('intent-en.json'), vectorizer);
  const intentFr = new LinearModel(readJson<LinearModelFile>('intent-fr.json'), vectorizer);
  const sentiment = new LinearModel(readJson<LinearModelFile>('sentiment.json'), vectorizer);
  const calibration = readJson<SentimentCalibration>('sentiment-calibration.json');
  setLanguageModel(readJson<LanguageModelFile>('language.json'));
  loaded = { vectorizer, intentEn, intentFr, sentiment, calibration, loadMs: performance.now() - started };
  return loaded;
}
