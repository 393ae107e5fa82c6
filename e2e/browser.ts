import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '..', 'test-artifacts');

/** Debian's Chromium, headless, with the flags this kind of machine needs (no network beyond loopback). */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export const artifact = (name: string) => path.join(ARTIFACTS_DIR, name);
