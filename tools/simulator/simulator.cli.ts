/**
 * Sends simulated social traffic to a running Agora:
 *   npx tsx tools/simulator/simulator.cli.ts --url http://localhost:3000 --rate 30 --count 10
 * Secrets come from the environment (META_APP_SECRET, X_CONSUMER_SECRET) or else from the demo
 * secrets file the server generated in DATA_DIR (default ./data/demo-secrets.json).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_IDS } from '../../apps/server/src/config.ts';
import { createSimulator } from './simulator.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    'media-url': { type: 'string' },
    rate: { type: 'string', default: '30' },
    count: { type: 'string', default: '10' },
    seed: { type: 'string' },
    'data-dir': { type: 'string' },
  },
});

function readSecrets(): { meta: string; x: string } {
  const file = path.join(values['data-dir'] ?? process.env.DATA_DIR ?? './data', 'demo-secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const meta = process.env.META_APP_SECRET ?? stored.META_APP_SECRET;
  const x = process.env.X_CONSUMER_SECRET ?? stored.X_CONSUMER_SECRET;
  if (!meta || !x) {
    console.error(`Secrets introuvables : définissez META_APP_SECRET et X_CONSUMER_SECRET, ou démarrez Agora une fois pour créer ${file}.`);
    process.exit(2);
  }
  return { meta, x };
}

const secrets = readSecrets();
const url = values.url.replace(/\/$/, '');
const rate = Math.max(1, Math.min(6000, Number(values.rate)));
const count = Math.max(1, Math.min(100_000, Number(values.count)));
// Default media host: the fake-platforms server listens on the next port in demo mode.
const mediaBaseUrl = values['media-url'] ?? url.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 1}`);

const simulator = createSimulator({
  baseUrl: url,
  mediaBaseUrl,
  meta: {
    appSecret: secrets.meta,
    pageId: process.env.META_PAGE_ID ?? DEMO_IDS.META_PAGE_ID,
    instagramId: process.env.META_INSTAGRAM_ID ?? DEMO_IDS.META_INSTAGRAM_ID,
  },
  x: { consumerSecret: secrets.x, accountId: process.env.X_ACCOUNT_ID ?? DEMO_IDS.X_ACCOUNT_ID },
  seed: values.seed ? Number(values.seed) : Date.now() % 2 ** 31,
});

let failures = 0;
for (let i = 0; i < count; i++) {
  const started = Date.now();
  try {
    const sent = await simulator.sendOne();
    if (sent.status !== 200) failures++;
    console.log(`${sent.status} ${sent.channel.padEnd(12)} ${sent.itemId}`);
  } catch (error) {
    failures++;
    console.error(`échec : ${(error as Error).message}`);
  }
  const wait = 60_000 / rate - (Date.now() - started);
  if (i < count - 1 && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
console.log(`${count - failures}/${count} livrés`);
process.exit(failures > 0 ? 1 : 0);
