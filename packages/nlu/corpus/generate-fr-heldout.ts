// Writes fr-heldout.jsonl from the hand-written sentences of fr-heldout-sentences.ts.
// No noise, no templates: the set measures how the model does on phrasings it never saw.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FR_HELDOUT } from './fr-heldout-sentences.ts';
import { FR_TEMPLATES } from './fr-templates.ts';
import { splitSentimentPrefix } from './generate-fr.ts';

const lines: string[] = [];
for (const [intent, sentences] of Object.entries(FR_HELDOUT)) {
  const fallback = FR_TEMPLATES[intent]?.sentiment;
  if (!fallback) throw new Error(`held-out intent ${intent} is not in the taxonomy`);
  for (const sentence of sentences) {
    const [text, sentiment] = splitSentimentPrefix(sentence, fallback);
    lines.push(JSON.stringify({ text, intent, sentiment }));
  }
}
writeFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fr-heldout.jsonl'), `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length} held-out records`);
