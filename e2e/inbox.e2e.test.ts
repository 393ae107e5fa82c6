import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, startTestAgora, type TestAgora } from '../apps/server/src/platform/testing/test-agora.ts';
import { createSimulator } from '../tools/simulator/simulator.ts';
import { artifact, launchBrowser } from './browser.ts';

const CM = { email: 'ines.garnier@banque-exemple.fr', password: 'Community-Test-2026' };

/**
 * The community manager's day, in a real browser on a real server: a simulated Facebook comment
 * arrives live, she answers in public, sees it sent, and resolves the conversation.
 */
describe('inbox in Chromium', () => {
  let agora: TestAgora;
  let browser: Browser;

  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite' });
    await addStaff(agora, { ...CM, displayName: 'Inès Garnier', firstName: 'Inès', role: 'community_manager' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await agora?.stop();
  });

  it('shows a message live, sends a public reply, and resolves', async () => {
    const simulator = createSimulator({
      baseUrl: agora.url,
      mediaBaseUrl: agora.fakes!.url,
      meta: { appSecret: agora.config.META_APP_SECRET, pageId: agora.config.META_PAGE_ID, instagramId: agora.config.META_INSTAGRAM_ID },
      x: { consumerSecret: agora.config.X_CONSUMER_SECRET, accountId: agora.config.X_ACCOUNT_ID },
      seed: 2026,
    });
    for (let i = 0; i < 4; i++) await simulator.sendOne({ continueShare: 0 });
    await agora.drain();

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(agora.url);
    await page.getByTestId('login-email').fill(CM.email);
    await page.getByTestId('login-password').fill(CM.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('conversation-row').first().waitFor();
    const before = await page.getByTestId('conversation-row').count();
    await page.locator('[data-testid="realtime-indicator"][data-connected="true"]').waitFor();

    // A new public comment arrives while she watches: no reload.
    const sent = await simulator.sendOne({ channel: 'facebook', continueShare: 0 });
    expect(sent.status).toBe(200);
    await expect.poll(() => page.getByTestId('conversation-row').count(), { timeout: 20_000 }).toBe(before + 1);
    await page.screenshot({ path: artifact('inbox.png') });

    const threadKey = sent.threadKey;
    const conversation = await agora.deps.database.db
      .selectFrom('conversations')
      .select(['id'])
      .where('thread_key', 'like', `${threadKey}#%`)
      .executeTakeFirstOrThrow();
    await page.locator(`[data-testid=conversation-row][data-conversation-id="${conversation.id}"]`).click();
    await page.getByTestId('conversation-view').waitFor();
    await page.getByTestId('reply-input').fill('Bonjour, merci pour votre message. Nous vous répondons en privé pour la suite.');
    await page.getByTestId('reply-send').click();
    await expect.poll(() => page.getByTestId('delivery-status').last().textContent(), { timeout: 20_000 }).toMatch(/Envoyé/);
    expect(agora.fakes!.meta.posts.some((p) => JSON.stringify(p).includes('Nous vous répondons en privé'))).toBe(true);

    await page.getByTestId('status-select').selectOption('resolved');
    await expect
      .poll(
        async () =>
          (
            await agora.deps.database.db
              .selectFrom('conversations')
              .select(['status'])
              .where('id', '=', conversation.id)
              .executeTakeFirstOrThrow()
          ).status,
        { timeout: 20_000 },
      )
      .toBe('resolved');
    await page.screenshot({ path: artifact('conversation.png') });
  });
});
