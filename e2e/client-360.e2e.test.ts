import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned, xDmDelivery } from '../apps/server/src/platform/testing/platform-payloads.ts';
import { addStaff, startTestAgora, TEST_ADMIN, type TestAgora } from '../apps/server/src/platform/testing/test-agora.ts';
import { buildActiveClient } from '../apps/server/src/platform/testing/test-clients.ts';
import { artifact, launchBrowser } from './browser.ts';

const ADVISOR = {
  email: 'claire.fontaine@banque-exemple.fr',
  password: 'Conseil-Test-2026',
  displayName: 'Claire Fontaine',
  firstName: 'Claire',
};
const OTHER = { email: 'karim.benali@banque-exemple.fr', password: 'Conseil-Test-2027', displayName: 'Karim Benali', firstName: 'Karim' };

/**
 * The advisor's workstation in Chromium: the portfolio with what waits, the client 360 reached from
 * it and from the inbox's author panel, one timeline over the channels, a note, a new client
 * invited; an admin unlinks and relinks a social identity; another advisor is refused.
 */
describe('advisor workstation: portfolio and client 360 in Chromium', () => {
  let agora: TestAgora;
  let browser: Browser;
  let clientId: string;
  let conversationId: string;

  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite' });
    const advisor = await addStaff(agora, { ...ADVISOR, role: 'advisor' }, 'advisors');
    await addStaff(agora, { ...OTHER, role: 'advisor' }, 'advisors');
    const client = await buildActiveClient(agora.deps.database, agora.deps.bankId, {
      advisorId: advisor.id,
      firstName: 'Léa',
      lastName: 'Dubois',
    });
    clientId = client.clientId;
    // Léa writes to the bank on X; the secure-space handoff (another module) linked her X account
    // to her client record: here the link is made the way it makes it, on contacts.client_id.
    const dm = xDmDelivery({ accountId: agora.config.X_ACCOUNT_ID, text: 'Bonjour, ma carte est bloquée depuis ce matin, que faire ?' });
    expect((await postSigned(agora.url, 'x', JSON.stringify(dm.body), agora.config.X_CONSUMER_SECRET)).status).toBe(200);
    await agora.drain();
    const contact = await agora.deps.database.db
      .selectFrom('contacts')
      .select(['id'])
      .where('platform_user_id', '=', dm.senderId)
      .executeTakeFirstOrThrow();
    await agora.deps.database.db.updateTable('contacts').set({ client_id: clientId }).where('id', '=', contact.id).execute();
    const conversation = await agora.deps.database.db
      .selectFrom('conversations')
      .select(['id'])
      .where('contact_id', '=', contact.id)
      .executeTakeFirstOrThrow();
    conversationId = conversation.id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await agora?.stop();
  });

  const staffPage = async (person: { email: string; password: string }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${agora.url}/login`);
    await page.getByTestId('login-email').fill(person.email);
    await page.getByTestId('login-password').fill(person.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor();
    return page;
  };
  const close = (page: Page) => page.context().close();

  it('the advisor sees the client in the portfolio, opens the 360 with one timeline, writes a note, reaches it from the inbox', async () => {
    const page = await staffPage(ADVISOR);
    await page.getByRole('link', { name: 'Mes clients' }).click();
    await page.getByTestId('portfolio-row').first().waitFor();
    const row = page.locator(`[data-testid="portfolio-row"][data-client-id="${clientId}"]`);
    await row.getByTestId('portfolio-unread').waitFor();
    expect(await row.getByTestId('portfolio-waiting').textContent()).toContain('1 en attente');
    await page.screenshot({ path: artifact('portfolio-desktop.png'), fullPage: true });
    await page.getByTestId('portfolio-search').fill('zzz');
    await page.getByText('Aucun client ne correspond.').waitFor();
    await page.getByTestId('portfolio-search').fill('dubois');
    await row.getByTestId('portfolio-client-link').click();

    await page.getByTestId('client-360-name').waitFor();
    expect(await page.getByTestId('client-360-name').textContent()).toBe('Léa Dubois');
    expect(await page.getByTestId('client-advisor').textContent()).toBe('Claire Fontaine');
    expect(await page.getByTestId('client-identity').count()).toBe(1);
    const said = page.getByTestId('timeline-item').filter({ hasText: 'ma carte est bloquée' });
    await said.waitFor();
    expect(await said.getAttribute('data-channel')).toBe('x_dm');
    expect(await said.getAttribute('data-kind')).toBe('message');
    await page.getByTestId('client-note-input').fill('Carte bloquée : proposer une carte de remplacement express.');
    await page.getByTestId('client-note-submit').click();
    await expect
      .poll(async () => page.getByTestId('timeline-item').first().getAttribute('data-kind'), { timeout: 10_000 })
      .toBe('client_note');
    await page.screenshot({ path: artifact('client-360-desktop.png'), fullPage: true });

    // From the inbox: the author panel of the conversation links to the same 360.
    await page.goto(`${agora.url}/inbox/${conversationId}`);
    await page.getByTestId('author-client-360').click();
    await page.getByTestId('client-360-name').waitFor();
    expect(page.url()).toContain(`/clients/${clientId}`);
    await close(page);
  });

  it('another advisor is refused the 360 of a client outside their portfolio', async () => {
    const page = await staffPage(OTHER);
    await page.goto(`${agora.url}/clients/${clientId}`);
    await page.getByTestId('client-360-error').waitFor();
    expect(await page.getByTestId('client-360-error').textContent()).toContain('ne fait pas partie de votre portefeuille');
    await page.goto(`${agora.url}/clients`);
    await page.getByText('Aucun client ne correspond.').waitFor();
    await close(page);
  });

  it('an advisor creates a client and sends the activation invitation from the portfolio', async () => {
    const page = await staffPage(ADVISOR);
    await page.goto(`${agora.url}/clients`);
    await page.getByTestId('new-client').click();
    await page.getByTestId('new-client-first-name').fill('Hugo');
    await page.getByTestId('new-client-last-name').fill('Bernard');
    await page.getByTestId('new-client-email').fill('hugo.bernard@example.fr');
    await page.screenshot({ path: artifact('client-create-modal.png') });
    await page.getByTestId('new-client-submit').click();
    await page.getByTestId('client-360-name').waitFor();
    expect(await page.getByTestId('client-360-name').textContent()).toBe('Hugo Bernard');
    const mail = await agora.deps.database.db
      .selectFrom('outgoing_mail')
      .select(['subject'])
      .where('to_address', '=', 'hugo.bernard@example.fr')
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Activez votre espace sécurisé');
    await close(page);
  });

  it('an admin unlinks a social identity with a reason, then links it again', async () => {
    const page = await staffPage(TEST_ADMIN);
    await page.goto(`${agora.url}/clients/${clientId}`);
    await page.getByTestId('unlink-identity').click();
    await page.getByTestId('unlink-reason').fill('Compte X partagé avec un proche');
    await page.getByTestId('unlink-confirm').click();
    await page.getByTestId('unlinked-identity').waitFor();
    expect(await page.getByTestId('client-identity').count()).toBe(0);
    await page.screenshot({ path: artifact('client-360-unlinked.png'), fullPage: true });
    const unlinked = await agora.deps.database.db.selectFrom('contacts').select(['client_id']).where('client_id', '=', clientId).execute();
    expect(unlinked).toHaveLength(0);
    await page.getByTestId('relink-identity').click();
    await page.getByTestId('client-identity').waitFor();
    expect(await page.getByTestId('unlinked-identity').count()).toBe(0);
    await close(page);
  });
});
