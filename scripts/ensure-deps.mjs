// `npm test` on a fresh clone: installs the locked dependencies first when they are missing
// or older than the lock file, so the README's test command is the only one to type.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  // `npm install` rather than `npm ci`: it installs what the lock file pins, and still succeeds
  // when npm records optional platform packages differently from one version to the next.
  console.log('Installing dependencies (npm install)…');
  execSync('npm install --no-audit --no-fund', { stdio: 'inherit' });
}
