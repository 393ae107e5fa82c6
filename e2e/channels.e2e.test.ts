import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainDump } from '../apps/server/src/platform/crypto/plain-dump.ts';
import { messengerDelivery, postSigned } from '../apps/server/src/platform/testing/platform-payloads.ts';
import { startTestAgora, TEST_ADMIN, type TestAgora } from '../apps/server/src/platform/testing/test-agora.ts';
import { artifact, launchBrowser } from './browser.ts';

/**
 * The admin's channel settings in a real browser: a new Meta verify token is entered (never
 * shown again, answered at once by the handshake), then Meta is paused and a message waits
 * until it is resumed.
 */
describe('channel settings in Chromium', () => {
  let agora: TestAgora;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite' });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${agora.url}/login`);
    await page.getByTestId('login-email').fill(TEST_ADMIN.email);
    await page.getByTestId('login-password').fill(TEST_ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('main-nav').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await agora?.stop();
  });

  const meta = () => page.getByTestId('channel-meta');

  it('saves new credentials encrypted, shows them masked and applies them at once', async () => {
    // Settings pages live in the header's "Pilotage" menu.
    await page.getByTestId('nav-more').click();
    await page.getByRole('menuitem', { name: 'Canaux' }).click();
    await expect.poll(() => meta().getAttribute('data-state')).toBe('active');
    // One card per platform the bank can connect, the community forum included.
    const cards = page.getByTestId('channel-cards').locator('[data-testid^="channel-"][data-state]');
    const platforms = await cards.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')));
    expect(platforms.sort()).toEqual(
      ['meta', 'x', 'trustpilot', 'google_play', 'app_store', 'live_chat', 'forum'].map((p) => `channel-${p}`).sort(),
    );
    await page.screenshot({ path: artifact('channels-list.png'), fullPage: true });

    await meta().getByTestId('channel-edit').click();
    const secretInput = page.getByTestId('credential-verifyToken');
    // Secrets are never sent back to the browser: the field starts empty.
    expect(await secretInput.inputValue()).toBe('');
    expect(await page.getByTestId('credential-pageId').inputValue()).toBe(agora.config.META_PAGE_ID);
    const verifyToken = 'jeton-de-verification-navigateur-2026';
    await secretInput.fill(verifyToken);
    await page.getByTestId('credentials-save').click();
    await meta().locator('[data-field="verifyToken"]', { hasText: '••••••2026' }).waitFor();
    await page.screenshot({ path: artifact('channels-saved.png') });
    expect(await page.content()).not.toContain(verifyToken);
    expect(await plainDump(agora.deps.database)).not.toContain(verifyToken);
    const handshake = await fetch(`${agora.url}/webhooks/meta?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=ok`);
    expect(handshake.status).toBe(200);
  });

  it('pauses with confirmation, keeps a message waiting, and resumes', async () => {
    await meta().getByTestId('channel-toggle').click();
    await page.getByTestId('channel-confirm-button').click();
    await expect.poll(() => meta().getAttribute('data-state')).toBe('paused');
    expect(await meta().getByTestId('channel-status').textContent()).toBe('En pause');

    const waiting = messengerDelivery({ pageId: agora.config.META_PAGE_ID, text: 'Bonjour, message pendant la pause' });
    expect((await postSigned(agora.url, 'meta', JSON.stringify(waiting.body), agora.config.META_APP_SECRET)).status).toBe(200);
    await agora.drain();
    await page.reload();
    await meta().getByTestId('channel-pending').waitFor();
    await page.screenshot({ path: artifact('channels-paused.png'), fullPage: true });

    await meta().getByTestId('channel-toggle').click();
    await page.getByTestId('channel-confirm-button').click();
    await expect.poll(() => meta().getAttribute('data-state')).toBe('active');
    await agora.drain();
    const stored = await agora.deps.database.db.selectFrom('raw_deliveries').select(['status', 'body']).execute();
    expect(stored.find((r) => r.body.includes(waiting.mid))?.status).toBe('done');
  });
});
