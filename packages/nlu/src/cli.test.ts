import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function runCli(args: string[], input: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(input);
  });
}

describe('nlu CLI', () => {
  it('streams one JSON line per valid input, in order, and skips malformed lines with a message', async () => {
    const lines = [
      JSON.stringify({ id: 'a1', text: 'ma carte a été avalée par le distributeur' }),
      '{"id": "broken", "text": ',
      JSON.stringify({ id: 2, text: 'Great app, thanks!' }),
      JSON.stringify({ id: 'no-text' }),
      '',
      JSON.stringify({ id: 'pii', text: 'iban FR7630006000011234567890189' }),
    ];
    const { stdout, stderr, code } = await runCli(['analyze'], `${lines.join('\n')}\n`);
    expect(code).toBe(0);
    const out = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a1', 2, 'pii']);
    expect(out[0]).toMatchObject({ language: 'fr', intent: 'card_swallowed' });
    expect(out[1]).toMatchObject({ language: 'en', sentiment: 'positive' });
    expect(out[2].pii).toEqual([{ type: 'iban', start: 5, end: 32 }]);
    expect(stderr).toMatch(/line 2: malformed JSON/);
    expect(stderr).toMatch(/line 4: .*"text"/);
  });

  it('handles thousands of lines (streaming, not buffered per line)', async () => {
    const input = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: i, text: `message ${i} ma carte ne marche pas` })).join('\n');
    const { stdout, code } = await runCli(['analyze'], input);
    expect(code).toBe(0);
    const ids = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).id);
    expect(ids).toHaveLength(3000);
    expect(ids[2999]).toBe(2999);
  });

  it('prints usage and fails on an unknown command', async () => {
    const { stderr, code } = await runCli(['nope'], '');
    expect(code).toBe(2);
    expect(stderr).toMatch(/usage/);
  });
});
