// Generates the French training corpus (fr-train.jsonl) from fr-templates.ts.
// Seeded: running it twice writes the same bytes. Run: npx tsx packages/nlu/corpus/generate-fr.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../train/linear-trainer.ts';
import { EN_POOLS, EN_TEMPLATES } from './en-templates.ts';
import { OPINION_POOLS, OPINION_TEMPLATES } from './fr-opinion-templates.ts';
import { FR_NEGATIVE_TAILS, FR_POOLS, FR_POSITIVE_TAILS, FR_TEMPLATES, type IntentTemplates } from './fr-templates.ts';
import { type Sentiment, addSocialNoise, expandTemplate, pick } from './template-engine.ts';

export interface CorpusRecord {
  text: string;
  intent: string;
  sentiment: Sentiment;
}

/** Reads an optional "+:" / "-:" / "=:" sentiment prefix off a template. */
export function splitSentimentPrefix(template: string, fallback: Sentiment): [string, Sentiment] {
  if (template.startsWith('+:')) return [template.slice(2), 'positive'];
  if (template.startsWith('-:')) return [template.slice(2), 'negative'];
  if (template.startsWith('=:')) return [template.slice(2), 'neutral'];
  return [template, fallback];
}

/** Tone-heavy intents get more samples: sentiment needs more positive and off-topic text. */
const EXTRA_SAMPLES: Record<string, number> = { praise: 3, other: 3, complaint_fees: 1.5, complaint_service: 1.5, complaint_app_outage: 1.5 };

interface GenerateSpec {
  templates: Record<string, IntentTemplates>;
  pools: Record<string, readonly string[]>;
  negativeTails: readonly string[];
  positiveTails: readonly string[];
  french: boolean;
}

export function generateFrench(perIntent: number, seed: number): CorpusRecord[] {
  return generateCorpus({ templates: FR_TEMPLATES, pools: FR_POOLS, negativeTails: FR_NEGATIVE_TAILS, positiveTails: FR_POSITIVE_TAILS, french: true }, perIntent, seed);
}

/** English social intents (complaints, praise, questions outside Banking77). */
export function generateEnglishSocial(perIntent: number, seed: number): CorpusRecord[] {
  return generateCorpus(
    {
      templates: EN_TEMPLATES,
      pools: EN_POOLS,
      negativeTails: ['this is so frustrating', 'really disappointed', 'unacceptable', 'what a joke'],
      positiveTails: ['thanks, you are great', 'love the app', 'great service btw'],
      french: false,
    },
    perIntent,
    seed,
  );
}

/** General-topic opinion tweets, labelled by tone; their intent is "other". */
export function generateFrenchOpinion(perSentiment: number, seed: number): CorpusRecord[] {
  const random = seededRandom(seed);
  const records: CorpusRecord[] = [];
  for (const group of OPINION_TEMPLATES) {
    const seen = new Set<string>();
    for (let attempt = 0; attempt < perSentiment * 4 && seen.size < perSentiment; attempt++) {
      let text = expandTemplate(pick(random, group.templates), OPINION_POOLS, random);
      // Lighter noise than DMs: these imitate published tweets (no SMS spelling, few typos).
      if (random() < 0.3) text = text.toLowerCase();
      if (random() < 0.2) text = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
      if (seen.has(text)) continue;
      seen.add(text);
      records.push({ text, intent: 'other', sentiment: group.sentiment });
    }
  }
  return records;
}

function generateCorpus(spec: GenerateSpec, perIntent: number, seed: number): CorpusRecord[] {
  const random = seededRandom(seed);
  const records: CorpusRecord[] = [];
  const { pools } = spec;
  for (const [intent, intentSpec] of Object.entries(spec.templates)) {
    const target = Math.round(perIntent * (EXTRA_SAMPLES[intent] ?? 1));
    const seen = new Set<string>();
    for (let attempt = 0; attempt < target * 4 && seen.size < target; attempt++) {
      const spec2 = intentSpec;
      const [template, base] = splitSentimentPrefix(pick(random, spec2.templates), spec2.sentiment);
      let text = expandTemplate(template, pools, random);
      let sentiment = base;
      // Tone tails decouple intent from sentiment: a question can be angry or grateful.
      const r = random();
      if (intent !== 'praise' && intent !== 'other' && r < 0.14) {
        text = `${text.replace(/[.!?]?$/, '')}, ${pick(random, spec.negativeTails)}`;
        sentiment = 'negative';
      } else if (base === 'neutral' && intent !== 'other' && r > 0.93) {
        text = `${text} ${pick(random, spec.positiveTails)}`;
        sentiment = 'positive';
      }
      text = addSocialNoise(text, sentiment, random, { french: spec.french });
      if (seen.has(text)) continue;
      seen.add(text);
      records.push({ text, intent, sentiment });
    }
  }
  return records;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const write = (name: string, records: CorpusRecord[]) => {
    writeFileSync(path.join(dir, name), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    console.log(`wrote ${records.length} records to ${name}`);
  };
  write('fr-train.jsonl', generateFrench(75, 2024));
  write('en-social.jsonl', generateEnglishSocial(110, 2025));
  write('fr-opinion.jsonl', generateFrenchOpinion(600, 2026));
}
