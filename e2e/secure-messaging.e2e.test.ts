import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned, xDmDelivery } from '../apps/server/src/platform/testing/platform-payloads.ts';
import { addStaff, startTestAgora, type TestAgora } from '../apps/server/src/platform/testing/test-agora.ts';
import { buildActiveClient, type TestClient } from '../apps/server/src/platform/testing/test-clients.ts';
import { artifact, launchBrowser } from './browser.ts';
import { submitClientSignIn } from './client-sign-in.ts';

const AGENT = { email: 'ines.garnier@banque-exemple.fr', password: 'Social-Test-2026', displayName: 'Inès Garnier', firstName: 'Inès' };
const ADVISOR = {
  email: 'claire.fontaine@banque-exemple.fr',
  password: 'Conseil-Test-2026',
  displayName: 'Claire Fontaine',
  firstName: 'Claire',
};

async function staffSignIn(page: Page, url: string, person: { email: string; password: string }) {
  await page.goto(url);
  await page.getByTestId('login-email').fill(person.email);
  await page.getByTestId('login-password').fill(person.password);
  await page.getByTestId('login-submit').click();
}

/**
 * The handoff in Chromium: a person writes to the bank in an X direct message; the agent answers
 * privately with a secure-space link; on a phone the person opens it, signs in with password and
 * TOTP, confirms; a secure thread with their advisor opens with the context; the advisor answers
 * and the client sees it without reloading, and the advisor sees it read.
 */
describe('handoff to secure messaging in Chromium', () => {
  let agora: TestAgora;
  let browser: Browser;
  let client: TestClient;

  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite' });
    await addStaff(agora, { ...AGENT, role: 'agent' });
    const advisor = await addStaff(agora, { ...ADVISOR, role: 'advisor' }, 'advisors');
    client = await buildActiveClient(agora.deps.database, agora.deps.bankId, {
      advisorId: advisor.id,
      firstName: 'Julie',
      lastName: 'Moreau',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await agora?.stop();
  });

  it('social DM → link → sign-in with TOTP → secure thread → the advisor answers live', async () => {
    const dm = xDmDelivery({
      accountId: agora.config.X_ACCOUNT_ID,
      text: 'Bonjour, je voudrais augmenter le plafond de ma carte, comment faire ?',
    });
    expect((await postSigned(agora.url, 'x', JSON.stringify(dm.body), agora.config.X_CONSUMER_SECRET)).status).toBe(200);
    await agora.drain();
    const conversation = await agora.deps.database.db
      .selectFrom('conversations')
      .select(['id'])
      .where('channel', '=', 'x_dm')
      .executeTakeFirstOrThrow();

    // The agent inserts a secure-space link in a private reply and sends it.
    const desk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const agentPage = await desk.newPage();
    await staffSignIn(agentPage, `${agora.url}/inbox/${conversation.id}`, AGENT);
    await agentPage.getByTestId('conversation-view').waitFor();
    await agentPage.getByTestId('reply-input').fill('Bonjour, pour votre carte nous continuons dans votre espace sécurisé.');
    await agentPage.getByTestId('secure-link-insert').click();
    await expect
      .poll(() => agentPage.getByTestId('reply-input').inputValue(), { timeout: 10_000 })
      .toMatch(/\/espace\/lien\/[A-Za-z0-9_-]+/);
    const link = (await agentPage.getByTestId('reply-input').inputValue()).match(/https?:\/\/\S+\/espace\/lien\/[A-Za-z0-9_-]+/)?.[0];
    expect(link).toBeTruthy();
    await agentPage.screenshot({ path: artifact('secure-link-reply.png') });
    await agentPage.getByTestId('reply-send').click();
    await expect.poll(() => agentPage.getByTestId('delivery-status').last().textContent(), { timeout: 20_000 }).toMatch(/Envoyé/);
    expect(JSON.stringify(agora.fakes!.x)).toContain('/espace/lien/');

    // On a phone, the person opens the link (its host is the public URL: same server here).
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const clientPage = await phone.newPage();
    await clientPage.goto(`${agora.url}${new URL(link!).pathname}`);
    await clientPage.getByTestId('handoff-onboarding').waitFor();
    await clientPage.screenshot({ path: artifact('secure-handoff-phone.png'), fullPage: true });
    await clientPage.getByTestId('handoff-sign-in').click();
    await submitClientSignIn(clientPage, client);
    await clientPage.getByTestId('handoff-confirm').waitFor();
    await clientPage.screenshot({ path: artifact('secure-handoff-confirm-phone.png'), fullPage: true });
    await clientPage.getByTestId('handoff-confirm').click();
    await clientPage.getByTestId('secure-thread').waitFor();
    expect(await clientPage.locator('[data-testid=secure-message][data-author=system]').textContent()).toContain('plafond de ma carte');
    const threadId = (await clientPage.getByTestId('secure-thread').getAttribute('data-thread-id'))!;

    // The social conversation notes the move and is resolved (its SLA clock stops).
    await expect
      .poll(() => agentPage.getByText('Conversation déplacée vers la messagerie sécurisée').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    const social = await agora.deps.database.db
      .selectFrom('conversations')
      .select(['status'])
      .where('id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    expect(social.status).toBe('resolved');

    // The advisor answers in the secure thread; the client's screen shows it without a reload.
    const advisorDesk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const advisorPage = await advisorDesk.newPage();
    await staffSignIn(advisorPage, `${agora.url}/secure/${threadId}`, ADVISOR);
    await advisorPage.getByTestId('secure-thread').waitFor();
    await advisorPage.getByTestId('secure-due').waitFor();
    await advisorPage
      .getByTestId('secure-input')
      .fill('Bonjour Julie, je peux relever votre plafond à 3 000 € dès aujourd’hui. Cela vous convient-il ?');
    await advisorPage.getByTestId('secure-send').click();
    await expect
      .poll(() => clientPage.getByTestId('secure-message-body').allTextContents(), { timeout: 20_000 })
      .toContain('Bonjour Julie, je peux relever votre plafond à 3 000 € dès aujourd’hui. Cela vous convient-il ?');
    // The client had the thread open: the advisor sees the answer read, live too.
    await expect
      .poll(
        () =>
          advisorPage
            .locator('[data-testid=secure-message][data-author=staff] [data-testid=secure-receipt]')
            .last()
            .getAttribute('data-seen'),
        {
          timeout: 20_000,
        },
      )
      .toBe('true');
    // The client answers with a document: its type read from its bytes, the advisor opens it.
    await clientPage.locator('input[type=file]').setInputFiles({
      name: 'justificatif-revenus.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% justificatif\n%%EOF\n'),
    });
    await clientPage.getByText('justificatif-revenus.pdf').waitFor();
    await clientPage.getByTestId('secure-input').fill('Oui, merci beaucoup ! Voici mon justificatif.');
    await clientPage.getByTestId('secure-send').click();
    await expect
      .poll(() => advisorPage.getByTestId('secure-message-body').allTextContents(), { timeout: 20_000 })
      .toContain('Oui, merci beaucoup ! Voici mon justificatif.');
    const attachment = advisorPage.getByTestId('secure-attachment').last();
    expect(await attachment.textContent()).toContain('justificatif-revenus.pdf');
    const href = `${agora.url}${await attachment.getAttribute('href')}`;
    const download = await advisorPage.request.get(href);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('application/pdf');
    // The staff route does not take the client's session.
    expect((await clientPage.request.get(href)).status()).toBe(401);
    await clientPage.screenshot({ path: artifact('secure-thread-phone.png'), fullPage: true });
    await advisorPage.screenshot({ path: artifact('secure-thread-advisor.png') });

    // The advisor's 360 of the client: the X identity now linked, the secure messages in the timeline.
    await advisorPage.goto(`${agora.url}/clients/${client.clientId}`);
    await advisorPage.getByTestId('client-360-write-secure').waitFor();
    await advisorPage.getByText('Oui, merci beaucoup ! Voici mon justificatif.').waitFor();
    await advisorPage.getByText('@lea_dbs').first().waitFor();
    await advisorPage.screenshot({ path: artifact('secure-client-360.png'), fullPage: true });

    // The client's Messagerie list, on the phone.
    await clientPage.goto(`${agora.url}/espace/messages`);
    await clientPage.getByTestId('secure-thread-row').first().waitFor();
    await clientPage.screenshot({ path: artifact('secure-messages-phone.png'), fullPage: true });
    await desk.close();
    await phone.close();
    await advisorDesk.close();
  });
});
