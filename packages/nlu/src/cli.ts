// Batch CLI: `npm run --silent nlu -- analyze` reads JSON Lines {"id","text"} on stdin and writes
// one JSON line per input ({id, ...Analysis}) in input order. Streams with readline and waits for
// stdout to drain, so memory stays constant whatever the input size.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { type AnalyzeHints, analyze } from './analyze.ts';

async function runAnalyze(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      process.stderr.write(`line ${lineNumber}: malformed JSON, skipped\n`);
      continue;
    }
    if (typeof record !== 'object' || record === null || typeof (record as { text?: unknown }).text !== 'string') {
      process.stderr.write(`line ${lineNumber}: expected an object with a string "text", skipped\n`);
      continue;
    }
    const { id, text, language } = record as { id?: unknown; text: string; language?: unknown };
    const hints: AnalyzeHints = language === 'fr' || language === 'en' ? { language } : {};
    const out = `${JSON.stringify({ id: id ?? null, ...analyze(text, hints) })}\n`;
    if (!process.stdout.write(out)) await once(process.stdout, 'drain');
  }
}

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command === 'analyze') {
    await runAnalyze();
    return;
  }
  process.stderr.write('usage: npm run --silent nlu -- analyze < messages.jsonl > analyses.jsonl\n');
  process.exitCode = 2;
}

main().catch((error: unknown) => {
  process.stderr.write(`nlu: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
