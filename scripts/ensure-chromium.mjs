// Browser tests drive Debian's Chromium. Installs it when missing, so `npm test` works on a
// fresh machine without a manual step (playwright's own browser download is not used).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.log("Chromium is missing: installing Debian's chromium package for the browser tests…");
  const sudo = process.getuid && process.getuid() === 0 ? '' : 'sudo ';
  try {
    execSync(
      `${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq chromium fonts-dejavu-core fonts-noto-color-emoji`,
      { stdio: 'inherit' },
    );
  } catch {
    console.error('Could not install chromium with apt-get. Install the "chromium" package, then run npm test again.');
    process.exit(1);
  }
}
