#!/usr/bin/env node
// Builds the staff web app when its build is missing or older than its sources, so that
// `npm start` and `npm test` always serve the current screens. Silent when nothing to do.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = join(root, 'apps/web/dist/index.html');
const sources = ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/package.json', 'packages/contracts/src'];

/** Newest modification time under `path` (a file or a directory), 0 when absent. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its directory's mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsCurrent() {
  if (!existsSync(builtIndex)) return false;
  const builtAt = statSync(builtIndex).mtimeMs;
  return sources.every((source) => newestMtime(join(root, source)) <= builtAt);
}

if (!buildIsCurrent()) {
  console.log('[ensure-web-build] building the web app (apps/web/dist is missing or older than its sources)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build', '-w', '@agora/web'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[ensure-web-build] the web build failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}
