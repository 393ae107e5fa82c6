// npm run eval — figures on data the shipped models never trained on, with fixed seeds:
//  1. Banking77 intent accuracy, 5-fold CV on the train split (each fold's model is trained here
//     on the 4 other folds + our FR/EN corpora, exactly as train.ts builds the shipped model).
//  2. French sentiment macro-F1 on fr-sentiment VAL (mix/thresholds were tuned on its train split).
//  3. French held-out set (hand-written, never trained on): intent accuracy, sentiment, language.
//  4. PII precision / recall on corpus/pii-eval.jsonl (with hard negatives).
import path from 'node:path';
import { analyze } from '../src/analyze.ts';
import { INTENTS } from '../src/intent-taxonomy.ts';
import { LinearModel, vectorizerFromFile } from '../src/linear-model.ts';
import { getModels } from '../src/model-store.ts';
import { detectPii } from '../src/pii-detector.ts';
import { combineSentiment, sentimentParts } from '../src/sentiment-analyzer.ts';
import { normalizeText, tokenize } from '../src/text-features.ts';
import { foldAssignment } from '../train/cross-validation.ts';
import { CORPUS_DIR, loadBanking77, loadFrSentiment, readJsonl } from '../train/data-sources.ts';
import {
  buildIntentModel,
  buildSharedVocabulary,
  type CorpusRecord,
  macroF1,
  opinionForIntent,
  vocabularyFile,
} from '../train/model-builders.ts';

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const line = (label: string, value: string) => console.log(`  ${label.padEnd(52)} ${value}`);

function banking77CrossValidation(folds: number): void {
  console.log(`\n[1] Banking77 intent accuracy — ${folds}-fold CV on the train split (seeded folds)`);
  const data = loadBanking77();
  const french = readJsonl<CorpusRecord>(path.join(CORPUS_DIR, 'fr-train.jsonl'));
  const english = readJsonl<CorpusRecord>(path.join(CORPUS_DIR, 'en-social.jsonl'));
  const opinion = readJsonl<CorpusRecord>(path.join(CORPUS_DIR, 'fr-opinion.jsonl'));
  // Mirrors train.ts: the English model learns from Banking77 + our English social corpus, over
  // a vocabulary that also covers the French corpus (the held-out fold contributes nothing).
  const englishSocial = english.map((r) => ({ text: r.text, label: r.intent }));
  const frenchTexts = [...french.map((r) => r.text), ...opinionForIntent(opinion).map((e) => e.text)];
  const fold = foldAssignment(data.length, 5);
  let correct = 0;
  let total = 0;
  for (let f = 0; f < folds; f++) {
    const started = Date.now();
    const train = data.filter((_, i) => fold[i] !== f);
    const test = data.filter((_, i) => fold[i] === f);
    const examples = [...train, ...englishSocial];
    const vocabulary = buildSharedVocabulary([...examples.map((e) => e.text), ...frenchTexts]);
    const model = new LinearModel(buildIntentModel(examples, INTENTS, vocabulary), vectorizerFromFile(vocabularyFile(vocabulary)));
    let ok = 0;
    for (const row of test) if (model.predict(row.text).label === row.label) ok++;
    correct += ok;
    total += test.length;
    line(`fold ${f + 1} (${test.length} held-out rows, trained in ${((Date.now() - started) / 1000).toFixed(1)} s)`, pct(ok / test.length));
  }
  line('Banking77 CV accuracy (all folds pooled)', pct(correct / total));
}

function frenchSentiment(): void {
  console.log('\n[2] French tweet sentiment (fr-sentiment; tuned on train, reported on val; never trained on)');
  const { sentiment, calibration } = getModels();
  const score = (rows: ReturnType<typeof loadFrSentiment>, mode: 'mix' | 'model' | 'lexicon') => {
    const predicted = rows.map((r) => {
      const tokens = tokenize(normalizeText(r.text));
      const parts = sentimentParts(sentiment, sentiment.vectorizer.vectorizeTokens(tokens), tokens, r.text);
      const c = mode === 'mix' ? calibration : { ...calibration, lexiconWeight: mode === 'model' ? 0 : 1 };
      return combineSentiment(parts, c).sentiment;
    });
    return macroF1(
      rows.map((r) => r.label),
      predicted,
    );
  };
  const train = loadFrSentiment('train');
  const val = loadFrSentiment('val');
  line(`calibration ${JSON.stringify(calibration)}`, '');
  line('macro-F1 on train split (tuning set)', pct(score(train, 'mix')));
  line('macro-F1 on VAL split — model part only', pct(score(val, 'model')));
  line('macro-F1 on VAL split — lexicon part only', pct(score(val, 'lexicon')));
  line('FR sentiment macro-F1 on VAL split (shipped mix)', pct(score(val, 'mix')));
}

function frenchHeldOut(): void {
  console.log('\n[3] French held-out set (corpus/fr-heldout.jsonl, hand-written, never trained on)');
  const rows = readJsonl<CorpusRecord>(path.join(CORPUS_DIR, 'fr-heldout.jsonl'));
  let intentOk = 0;
  let sentimentOk = 0;
  let languageOk = 0;
  const gold: string[] = [];
  const predicted: string[] = [];
  for (const row of rows) {
    const a = analyze(row.text);
    if (a.intent === row.intent) intentOk++;
    if (a.sentiment === row.sentiment) sentimentOk++;
    if (a.language === 'fr') languageOk++;
    gold.push(row.sentiment);
    predicted.push(a.sentiment);
  }
  line(`messages`, String(rows.length));
  line('FR held-out intent accuracy (90 intents incl. other)', pct(intentOk / rows.length));
  line('FR held-out sentiment accuracy', pct(sentimentOk / rows.length));
  line('FR held-out sentiment macro-F1', pct(macroF1(gold, predicted)));
  line('FR held-out language identified as fr', pct(languageOk / rows.length));
}

function piiEvaluation(): void {
  console.log('\n[4] PII detection (corpus/pii-eval.jsonl, exact type + span match)');
  const rows = readJsonl<{ text: string; spans: { type: string; start: number; end: number }[] }>(path.join(CORPUS_DIR, 'pii-eval.jsonl'));
  const byType = new Map<string, { tp: number; fp: number; fn: number }>();
  const bump = (type: string, key: 'tp' | 'fp' | 'fn') => {
    const entry = byType.get(type) ?? { tp: 0, fp: 0, fn: 0 };
    entry[key]++;
    byType.set(type, entry);
  };
  let negatives = 0;
  for (const row of rows) {
    if (row.spans.length === 0) negatives++;
    const key = (s: { type: string; start: number; end: number }) => `${s.type}:${s.start}:${s.end}`;
    const gold = new Set(row.spans.map(key));
    const found = detectPii(row.text);
    const got = new Set(found.map(key));
    for (const s of found) bump(s.type, gold.has(key(s)) ? 'tp' : 'fp');
    for (const s of row.spans) if (!got.has(key(s))) bump(s.type, 'fn');
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [type, c] of [...byType.entries()].sort()) {
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
    line(
      `${type} (tp ${c.tp}, fp ${c.fp}, fn ${c.fn})`,
      `P ${pct(c.tp / Math.max(1, c.tp + c.fp))}  R ${pct(c.tp / Math.max(1, c.tp + c.fn))}`,
    );
  }
  line(`texts ${rows.length}, of which hard negatives ${negatives}`, '');
  line('PII precision', pct(tp / Math.max(1, tp + fp)));
  line('PII recall', pct(tp / Math.max(1, tp + fn)));
}

const folds = Number(process.env.NLU_EVAL_FOLDS ?? 5);
console.log('Agora NLU evaluation (seeded; shipped models from packages/nlu/models)');
banking77CrossValidation(Math.max(1, Math.min(5, folds)));
frenchSentiment();
frenchHeldOut();
piiEvaluation();
