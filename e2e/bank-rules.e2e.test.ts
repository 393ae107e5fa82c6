import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageCommentDelivery, postSigned } from '../apps/server/src/platform/testing/platform-payloads.ts';
import { addStaff, startTestAgora, type TestAgora } from '../apps/server/src/platform/testing/test-agora.ts';
import { signInOverHttp } from '../apps/server/src/platform/testing/test-client.ts';
import { artifact, launchBrowser } from './browser.ts';

const CM = { email: 'ines.garnier@banque-exemple.fr', password: 'Community-Test-2026' };
const SUPERVISOR = { email: 'nadia.benali@banque-exemple.fr', password: 'Supervisor-Test-2026' };

/**
 * The bank's rules seen by the people who work with them: a public reply carrying an IBAN is
 * refused with the exact reason on screen, and in crisis mode an agent's public reply waits for
 * the supervisor, who approves it from the validations page; it then goes out.
 */
describe("the bank's rules in Chromium", () => {
  let agora: TestAgora;
  let browser: Browser;

  const signIn = async (page: Page, who: { email: string; password: string }) => {
    await page.goto(agora.url);
    await page.getByTestId('login-email').fill(who.email);
    await page.getByTestId('login-password').fill(who.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('main-nav').waitFor();
  };
  const comment = async (text: string) => {
    const d = pageCommentDelivery({ pageId: agora.config.META_PAGE_ID, text });
    expect((await postSigned(agora.url, 'meta', JSON.stringify(d.body), agora.config.META_APP_SECRET)).status).toBe(200);
    await agora.drain();
    const row = await agora.deps.database.db
      .selectFrom('messages')
      .select(['conversation_id'])
      .where('platform_message_id', '=', d.commentId)
      .executeTakeFirstOrThrow();
    return row.conversation_id;
  };

  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite' });
    await addStaff(agora, { ...CM, displayName: 'Inès Garnier', firstName: 'Inès', role: 'community_manager' });
    await addStaff(agora, { ...SUPERVISOR, displayName: 'Nadia Benali', firstName: 'Nadia', role: 'supervisor' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await agora?.stop();
  });

  it('shows why a public reply with an IBAN is refused, and keeps the draft', async () => {
    const conversationId = await comment('Mon remboursement n’est toujours pas arrivé');
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, CM);
    await page.goto(`${agora.url}/inbox/${conversationId}`);
    await page.getByTestId('conversation-view').waitFor();
    const draft = 'Votre IBAN FR76 3000 6000 0112 3456 7890 189 est bien enregistré';
    await page.getByTestId('reply-input').fill(draft);
    await page.getByTestId('reply-send').click();
    const blocked = page.getByTestId('reply-blocked');
    await blocked.waitFor();
    expect(await blocked.textContent()).toMatch(/Réponse publique bloquée.*IBAN.*FR76 3000 6000 0112 3456 7890 189/);
    expect(await page.getByTestId('reply-input').inputValue()).toBe(draft);
    await page.screenshot({ path: artifact('reply-blocked.png') });
    expect(agora.fakes!.meta.posts.some((p) => JSON.stringify(p).includes('FR76'))).toBe(false);
    await page.close();
  });

  it('holds a public reply in crisis mode until a second person approves it, then sends it', async () => {
    const supervisorApi = await signInOverHttp(agora.url, SUPERVISOR.email, SUPERVISOR.password);
    expect((await supervisorApi.request('PUT', '/api/settings/rules', { crisisMode: true })).status).toBe(200);
    const conversationId = await comment('Est-il vrai que vos agences ferment toutes en janvier ?');

    const agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(agent, CM);
    await agent.getByTestId('crisis-banner').waitFor();
    await agent.goto(`${agora.url}/inbox/${conversationId}`);
    await agent.getByTestId('reply-input').fill('Bonjour, aucune fermeture générale n’est prévue : votre agence reste ouverte.');
    await agent.getByTestId('reply-send').click();
    await expect.poll(() => agent.getByTestId('approval-state').last().getAttribute('data-state'), { timeout: 20_000 }).toBe('pending');
    await agora.drain();
    expect(agora.fakes!.meta.posts.some((p) => JSON.stringify(p).includes('aucune fermeture générale'))).toBe(false);

    const supervisor = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(supervisor, SUPERVISOR);
    await supervisor.goto(`${agora.url}/approvals`);
    const card = supervisor.getByTestId('approval-card').filter({ hasText: 'aucune fermeture générale' });
    await card.waitFor();
    await supervisor.screenshot({ path: artifact('approvals.png') });
    await card.getByTestId('approve-button').click();

    // The agent sees it approved and sent, live.
    await expect.poll(() => agent.getByTestId('delivery-status').last().textContent(), { timeout: 30_000 }).toMatch(/Envoyé/);
    expect(agora.fakes!.meta.posts.filter((p) => JSON.stringify(p).includes('aucune fermeture générale'))).toHaveLength(1);
    await agent.screenshot({ path: artifact('approved-and-sent.png') });
    await supervisorApi.request('PUT', '/api/settings/rules', { crisisMode: false });
  });
});
