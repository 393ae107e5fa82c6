import { crc32, deflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, startTestAgora, type TestAgora } from '../apps/server/src/platform/testing/test-agora.ts';
import { artifact, launchBrowser } from './browser.ts';

const CM = { email: 'ines.garnier@banque-exemple.fr', password: 'Community-Test-2026' };

/** A small real PNG (a blue gradient, like a screenshot a client would send), made here. */
function gradientPng(width = 160, height = 100): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set([11 + (x * 40) / width, 61 + (y * 80) / height, 145 + (x * 90) / width], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The bank's live chat in a real browser: a visitor on the bank's page writes through the
 * widget, an agent sees it arrive live in the inbox and answers, the visitor sees the answer
 * live, and after a reload still has the conversation (the cookie keeps the visitor).
 */
describe('live chat widget in Chromium', () => {
  let agora: TestAgora;
  let browser: Browser;

  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite', env: { LIVE_CHAT_OPENING_HOURS: 'always' } });
    await addStaff(agora, { ...CM, displayName: 'Inès Garnier', firstName: 'Inès', role: 'community_manager' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await agora?.stop();
  });

  it('carries a visitor’s message to the agent live and the answer back live, and keeps the history across a reload', async () => {
    // The agent is signed in and watching the inbox.
    const agentContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const agent = await agentContext.newPage();
    await agent.goto(agora.url);
    await agent.getByTestId('login-email').fill(CM.email);
    await agent.getByTestId('login-password').fill(CM.password);
    await agent.getByTestId('login-submit').click();
    await agent.locator('[data-testid="realtime-indicator"][data-connected="true"]').waitFor();

    // A visitor on the bank's site opens the chat: pre-chat form, then a message.
    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${agora.url}/demo/site`);
    const launcher = visitor.getByTestId('chat-launcher');
    await launcher.waitFor();
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    // Keyboard: the launcher is a button reachable with Tab and opened with Enter.
    await launcher.focus();
    await visitor.keyboard.press('Enter');
    await visitor.getByTestId('prechat-name').waitFor();
    await visitor.screenshot({ path: artifact('widget-prechat.png') });
    await visitor.getByTestId('prechat-name').fill('Camille Martin');
    await visitor.getByTestId('prechat-email').fill('camille.martin@example.org');
    await visitor.getByTestId('prechat-topic').selectOption('card');
    await visitor.getByTestId('prechat-submit').click();
    await visitor.getByTestId('chat-input').fill('Bonjour, ma carte est refusée depuis ce matin chez les commerçants.');
    await visitor.keyboard.press('Enter');
    await visitor.getByTestId('chat-message-visitor').waitFor();
    await visitor.locator('input[type=file]').setInputFiles({ name: 'capture-paiement.png', mimeType: 'image/png', buffer: gradientPng() });
    await expect.poll(() => visitor.getByTestId('chat-message-visitor').count(), { timeout: 20_000 }).toBe(2);

    // The agent sees it arrive without reloading, opens it and answers.
    const row = agent.getByTestId('conversation-row').filter({ hasText: 'Camille Martin' });
    await row.first().waitFor({ timeout: 20_000 });
    await row.first().click();
    await agent.getByTestId('conversation-view').waitFor();
    await agent.getByText('ma carte est refusée').first().waitFor();
    // Typing shows on both sides: the visitor's under the agent's thread, the agent's in the widget.
    await visitor.getByTestId('chat-input').pressSequentially('Et aussi', { delay: 20 });
    await agent.getByTestId('contact-typing').waitFor({ timeout: 10_000 });
    await agent
      .getByTestId('reply-input')
      .fill('Bonjour Camille, je vérifie votre carte tout de suite. Ne nous communiquez jamais votre code.');
    await expect.poll(() => visitor.getByTestId('chat-typing').textContent(), { timeout: 10_000 }).toBe('Un conseiller écrit…');
    await visitor.getByTestId('chat-input').fill('');
    await agent.getByTestId('reply-send').click();
    await expect.poll(() => agent.getByTestId('delivery-status').last().textContent(), { timeout: 20_000 }).toMatch(/Envoyé/);
    await agent.screenshot({ path: artifact('widget-agent.png') });

    // The visitor sees the answer live.
    // (An automatic acknowledgement may come first outside the bank's SLA hours: look for hers.)
    const answer = visitor.getByTestId('chat-message-agent').filter({ hasText: 'je vérifie votre carte' });
    await answer.waitFor({ timeout: 20_000 });
    expect(await answer.textContent()).toContain('je vérifie votre carte');
    expect(await answer.textContent()).toContain('Inès');
    await visitor.screenshot({ path: artifact('widget.png') });

    // After a reload the cookie brings the same visitor back, with the whole conversation.
    await visitor.reload();
    await visitor.getByTestId('chat-message-agent').filter({ hasText: 'je vérifie votre carte' }).waitFor({ timeout: 20_000 });
    expect(await visitor.getByTestId('chat-message-visitor').count()).toBe(2);
    expect(await visitor.locator('img[alt="capture-paiement.png"]').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
    await visitor.screenshot({ path: artifact('widget-reload.png') });

    // Escape closes the panel and gives the focus back to the launcher.
    await visitor.getByTestId('chat-input').focus();
    await visitor.keyboard.press('Escape');
    expect(await visitor.getByTestId('chat-launcher').getAttribute('aria-expanded')).toBe('false');
    await agentContext.close();
    await visitorContext.close();
  });

  it('offers the offline form outside opening hours, in English on an English page', async () => {
    const closed = await startTestAgora({ database: 'pglite', env: { LIVE_CHAT_OPENING_HOURS: 'never' } });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${closed.url}/demo/site?lang=en`);
      await page.screenshot({ path: artifact('widget-launcher.png') });
      await page.getByTestId('chat-launcher').click();
      await page.getByTestId('offline-email').fill('sam.taylor@example.org');
      await page.getByTestId('offline-message').fill('Could someone call me back about my mortgage tomorrow morning?');
      await page.screenshot({ path: artifact('widget-offline.png') });
      await page.getByTestId('offline-submit').click();
      await expect.poll(() => page.getByTestId('offline-thanks').textContent(), { timeout: 10_000 }).toContain('Thank you');
      await closed.drain();
      const conversation = await closed.deps.database.db
        .selectFrom('messages')
        .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
        .select(['messages.body', 'conversations.channel'])
        .where('conversations.channel', '=', 'live_chat')
        .executeTakeFirstOrThrow();
      expect(conversation.body).toContain('sam.taylor@example.org');
      await context.close();
    } finally {
      await closed.stop();
    }
  });
});
