// Loads the shipped JSON models once, lazily, synchronously, on first use. No I/O after that:
// every analyze() call is pure computation over typed arrays.
import { readFileSync } from 'node:fs';
import { type LanguageModelFile, setLanguageModel } from './language-id.ts';
import { LinearModel, type LinearModelFile } from './linear-model.ts';

export interface SentimentCalibration {
  /** Weight of the lexicon score against the model's P(pos) - P(neg). */
  lexiconWeight: number;
  negativeThreshold: number;
  positiveThreshold: number;
}

export interface LoadedModels {
  intent: LinearModel;
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
  const intent = new LinearModel(readJson<LinearModelFile>('intent.json'));
  const sentimentFile = readJson<LinearModelFile>('sentiment.json');
  const sentiment = new LinearModel(sentimentFile, sentimentFile.vocabularyOf === 'intent.json' ? intent.vectorizer : undefined);
  const calibration = readJson<SentimentCalibration>('sentiment-calibration.json');
  setLanguageModel(readJson<LanguageModelFile>('language.json'));
  loaded = { intent, sentiment, calibration, loadMs: performance.now() - started };
  return loaded;
}
