import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('refuses to start in production with one line per missing or invalid variable, never echoing values', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', PORT: 'eighty', META_APP_SECRET: 'short-secret', X_CONSUMER_KEY: 'k' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        'PORT',
        'AGORA_SESSION_SECRET',
        'META_APP_SECRET',
        'META_VERIFY_TOKEN',
        'META_PAGE_ID',
        'META_PAGE_ACCESS_TOKEN',
        'META_GRAPH_URL',
        'X_CONSUMER_SECRET',
        'X_ACCESS_TOKEN',
        'X_ACCOUNT_ID',
        'X_API_URL',
      ]),
    );
    expect(names).not.toContain('X_CONSUMER_KEY');
    expect((error as Error).message).not.toContain('short-secret');
    expect(problems.find((p) => p.startsWith('META_APP_SECRET'))).toMatch(/16 caractères/);
  });

  it('in demo mode generates the secrets once and keeps them in DATA_DIR', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'agora-config-'));
    const first = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
    const second = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
    expect(first.demoMode).toBe(true);
    expect(first.AGORA_SESSION_SECRET).toBe(second.AGORA_SESSION_SECRET);
    expect(first.META_APP_SECRET.length).toBeGreaterThanOrEqual(16);
    const stored = JSON.parse(readFileSync(path.join(dataDir, 'demo-secrets.json'), 'utf8'));
    expect(stored.META_APP_SECRET).toBe(first.META_APP_SECRET);
    expect(first.META_GRAPH_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/meta$/);
  });

  it('gives processes that start at once on a fresh data directory the same secrets, none reading half a file', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'agora-config-race-'));
    const script = [
      "import { loadConfig } from './apps/server/src/config.ts';",
      "const c = loadConfig({ NODE_ENV: 'test', DATA_DIR: process.env.RACE_DIR });",
      'console.log(JSON.stringify([c.AGORA_SESSION_SECRET, c.AGORA_MASTER_KEY, c.META_APP_SECRET]));',
    ].join('\n');
    const run = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          cwd: path.resolve(import.meta.dirname, '../../..'),
          env: { ...process.env, RACE_DIR: dataDir },
        });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('exit', (code) => resolve({ code, out }));
      });
    const results = await Promise.all([run(), run(), run(), run()]);
    for (const r of results) expect(r.code, r.out).toBe(0);
    const secrets = results.map((r) => r.out.trim().split('\n').at(-1));
    expect(new Set(secrets).size).toBe(1);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'demo-secrets.json'), 'utf8')).AGORA_MASTER_KEY).toBe(JSON.parse(secrets[0]!)[1]);
  }, 60_000);
});
