// npm run train — rebuilds packages/nlu/models/*.json from the corpora, deterministically
// (seeded SGD, stable orders, fixed number formatting): two runs write the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BANKING77_INTENTS, INTENTS } from '../src/intent-taxonomy.ts';
import { LinearModel } from '../src/linear-model.ts';
import { CORPUS_DIR, loadBanking77, loadBanking77Categories, loadFrSentiment, MODELS_DIR, readJsonl } from './data-sources.ts';
import {
  buildIntentModel,
  buildLanguageModel,
  buildSentimentModel,
  type CorpusRecord,
  opinionForIntent,
  tuneSentiment,
} from './model-builders.ts';

function main(): void {
  const categories = loadBanking77Categories();
  if (JSON.stringify(categories) !== JSON.stringify(BANKING77_INTENTS)) {
    throw new Error('intent-taxonomy.ts no longer matches banking77/categories.json');
  }
  const banking77 = loadBanking77();
  const french = readJsonl<CorpusRecord>(path.join(CORPUS_DIR, 'fr-train.jsonl'));
  const englishSocial = readJsonl<CorpusRecord>(path.join(CORPUS_DIR, 'en-social.jsonl'));
  const frenchOpinion = readJsonl<CorpusRecord>(path.join(CORPUS_DIR, 'fr-opinion.jsonl'));
  mkdirSync(MODELS_DIR, { recursive: true });
  const write = (name: string, value: unknown, pretty = false) => {
    writeFileSync(path.join(MODELS_DIR, name), `${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`);
    console.log(`wrote models/${name}`);
  };

  let t = Date.now();
  const intentExamples = [
    ...banking77,
    ...englishSocial.map((r) => ({ text: r.text, label: r.intent })),
    ...french.map((r) => ({ text: r.text, label: r.intent })),
    ...opinionForIntent(frenchOpinion),
  ];
  const intentFile = buildIntentModel(intentExamples, INTENTS);
  write('intent.json', intentFile);
  console.log(`  intent: ${intentExamples.length} examples, ${Date.now() - t} ms`);

  t = Date.now();
  const sentimentFile = buildSentimentModel([...french, ...englishSocial, ...frenchOpinion], banking77, intentFile);
  write('sentiment.json', sentimentFile);
  console.log(`  sentiment: ${Date.now() - t} ms`);

  write(
    'language.json',
    buildLanguageModel(
      [...french, ...frenchOpinion].map((r) => r.text),
      [...banking77.map((r) => r.text), ...englishSocial.map((r) => r.text)],
    ),
  );

  // Tuning only (three numbers), on the fr-sentiment TRAIN split; val is kept for eval.
  const calibration = tuneSentiment(new LinearModel(sentimentFile, new LinearModel(intentFile).vectorizer), loadFrSentiment('train'));
  write('sentiment-calibration.json', calibration, true);
}

main();
