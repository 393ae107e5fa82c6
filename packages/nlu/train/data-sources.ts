// Where training/eval data lives. Shared third-party data sits outside the repository, next to it
// (../shared/data relative to the repo root), so it is never committed; our own corpora live in
// packages/nlu/corpus.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NLU_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(NLU_ROOT, '..', '..');
export const SHARED_DATA = path.resolve(REPO_ROOT, '..', 'shared', 'data');
export const CORPUS_DIR = path.join(NLU_ROOT, 'corpus');
export const MODELS_DIR = path.join(NLU_ROOT, 'models');

/** RFC 4180-style CSV parser (quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(content: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const ch = content[i];
    if (quoted) {
      if (ch === '"') {
        if (content[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && content[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface LabelledText {
  text: string;
  label: string;
}

export function loadBanking77(): LabelledText[] {
  const rows = parseCsv(readFileSync(path.join(SHARED_DATA, 'banking77', 'train.csv'), 'utf8'));
  return rows.slice(1).map(([text, label]) => ({ text: text ?? '', label: label ?? '' }));
}

export function loadBanking77Categories(): string[] {
  return JSON.parse(readFileSync(path.join(SHARED_DATA, 'banking77', 'categories.json'), 'utf8')) as string[];
}

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export function loadFrSentiment(split: 'train' | 'val'): { text: string; label: SentimentLabel }[] {
  const rows = parseCsv(readFileSync(path.join(SHARED_DATA, 'fr-sentiment', `umsab_fr_${split}.csv`), 'utf8'));
  return rows.slice(1).map(([text, , name]) => ({ text: text ?? '', label: (name ?? 'neutral') as SentimentLabel }));
}

export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}
