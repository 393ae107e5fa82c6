#!/usr/bin/env node
// Builds the live-chat widget (apps/widget/src -> apps/widget/dist/widget.js, one dependency-free
// file served at /widget.js) when the build is missing or older than its sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'apps/widget/src');
const outfile = join(root, 'apps/widget/dist/widget.js');

const newest = (dir) => Math.max(statSync(dir).mtimeMs, ...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
if (!existsSync(outfile) || newest(sourceDir) > statSync(outfile).mtimeMs || process.argv.includes('--force')) {
  await build({
    entryPoints: [join(sourceDir, 'widget.ts')],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    // The bank's visitors use all sorts of browsers: stay on what every supported one runs.
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'warning',
  });
  console.log('[build-widget] apps/widget/dist/widget.js built');
}
