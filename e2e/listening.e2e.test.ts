import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withListening } from '../apps/server/src/modules/listening/listening.tables.ts';
import { seedListeningDemo } from '../apps/server/src/modules/listening/listening-demo.service.ts';
import { publicItemOfForumPost } from '../apps/server/src/modules/listening/mentions/item-sources.ts';
import { recordPublicItems } from '../apps/server/src/modules/listening/mentions/mention-recorder.ts';
import { loadCompiledQueries } from '../apps/server/src/modules/listening/queries/queries.repository.ts';
import { addStaff, startTestAgora, type TestAgora } from '../apps/server/src/platform/testing/test-agora.ts';
import { signInOverHttp } from '../apps/server/src/platform/testing/test-client.ts';
import { artifact, launchBrowser } from './browser.ts';

const CM = { email: 'ines.garnier@banque-exemple.fr', password: 'Community-Test-2026' };
const SUPERVISOR = { email: 'nadia.benali@banque-exemple.fr', password: 'Supervisor-Test-2026' };

/**
 * Listening as the team sees it: the dashboard over three weeks of posts about the bank and two
 * competitors (sent down the X stream fake) and news feeds; a term drills down to its mentions;
 * "Répondre" turns a stream post into a conversation; the outage wave raised a critical alert
 * that suggests crisis mode, which the supervisor switches on from it.
 */
describe('listening in Chromium', () => {
  let agora: TestAgora;
  let browser: Browser;

  const signIn = async (page: Page, who: { email: string; password: string }) => {
    // The machine is shared: give slow renders time rather than fail on a busy minute.
    page.setDefaultTimeout(60_000);
    await page.goto(agora.url);
    await page.getByTestId('login-email').fill(who.email);
    await page.getByTestId('login-password').fill(who.password);
    await page.getByTestId('login-submit').click();
    // The navigation is folded away on a phone: the inbox is where everyone lands.
    await page.waitForURL(/\/inbox/);
  };

  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite' });
    await addStaff(agora, { ...CM, displayName: 'Inès Garnier', firstName: 'Inès', role: 'community_manager' });
    await addStaff(agora, { ...SUPERVISOR, displayName: 'Nadia Benali', firstName: 'Nadia', role: 'supervisor' });
    const x = agora.fakes!.x;
    for (let i = 0; i < 200 && x.connectedStreams() === 0; i++) await new Promise((r) => setTimeout(r, 25));
    const seeded = await seedListeningDemo(agora.deps, {
      emitStreamPost: (post) => x.emit(post),
      feedFake: agora.feedFake!,
      fakesUrl: agora.fakes!.url,
      listening: agora.listening!,
      days: 16,
    });
    expect(seeded.alerts).toBeGreaterThan(0);
    // Two public posts of the bank's forum, as listening reads them from the community.
    const posts = [
      ['Frais de tenue de compte', 'Les frais ont encore augmenté ce mois-ci, quelqu’un sait pourquoi ?', 'Camille_R'],
      ['Appli en panne ?', 'Impossible de me connecter à l’appli depuis ce matin.', 'Lecteur_75'],
    ].map(([topicTitle, text, author], i) =>
      publicItemOfForumPost({
        postId: `00000000-0000-4000-8000-00000000000${i}`,
        topicId: `00000000-0000-4000-8000-00000000010${i}`,
        url: `${agora.url}/communaute/sujets/00000000-0000-4000-8000-00000000010${i}/sujet#post-1`,
        topicTitle: topicTitle!,
        categorySlug: 'comptes',
        text: text!,
        author: author!,
        fromBank: false,
        publishedAt: new Date(Date.now() - (i + 1) * 3_600_000).toISOString(),
      }),
    );
    const db = withListening(agora.deps.database.db);
    await db.transaction().execute(async (tx) =>
      recordPublicItems(
        tx,
        agora.deps.bankId,
        await loadCompiledQueries(tx, agora.deps.bankId),
        posts.filter((p) => p !== null),
      ),
    );
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await agora?.stop();
  });

  it('shows the dashboard from the rollups, drills down from a term, and answers a stream post in one click', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, CM);
    await page.getByRole('link', { name: 'Écoute' }).click();
    await page.getByTestId('listening-dashboard').waitFor();
    await page.getByTestId('chart-volume').locator('svg').first().waitFor();
    const mentions = Number((await page.getByTestId('kpi-mentions').innerText()).replace(/\D/g, ''));
    expect(mentions).toBeGreaterThan(200);
    await expect.poll(() => page.getByTestId('chart-share-of-voice').innerText()).toContain('Crédit Horizon');
    await page.screenshot({ path: artifact('listening-dashboard.png'), fullPage: true });

    // The most cited term depends on the generated traffic: drill down from whichever leads.
    const topTerm = page
      .getByTestId('top-terms')
      .getByText(/^\S+ · \d+$/)
      .first();
    const term = (await topTerm.innerText()).split(' · ')[0]!;
    await topTerm.click();
    await page.getByTestId('mentions-list').waitFor();
    const cards = page.getByTestId('mention-card');
    await cards.first().waitFor();
    // Terms are counted without accents or case ("telephone" counts "Téléphone").
    const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (const text of await page.getByTestId('mention-body').allInnerTexts()) expect(fold(text)).toContain(fold(term));
    await page.screenshot({ path: artifact('listening-mentions.png') });

    const stream = page.locator('[data-testid="mention-card"][data-source="x_stream"]').first();
    const body = await stream.getByTestId('mention-body').innerText();
    await stream.getByTestId('mention-answer').click();
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}/);
    await page.getByTestId('conversation-view').waitFor();
    await expect.poll(() => page.getByTestId('conversation-view').innerText()).toContain(body.slice(0, 30));
    await page.screenshot({ path: artifact('listening-answered.png') });
  });

  it('shows the bank’s forum among the channels, its posts among the mentions with a link to the topic', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, CM);
    await page.goto(`${agora.url}/listening`);
    await page.getByTestId('chart-volume').locator('svg').first().waitFor();
    // "Par canal" names the forum (an axis label of the chart).
    await page
      .getByTestId('listening-dashboard')
      .locator('svg text', { hasText: /^Forum$/ })
      .first()
      .waitFor();
    await page.screenshot({ path: artifact('listening-forum-channels.png'), fullPage: true });
    await page.goto(`${agora.url}/listening/mentions?channels=forum`);
    const cards = page.locator('[data-testid="mention-card"][data-source="forum"]');
    await cards.first().waitFor();
    expect(await page.getByTestId('mention-card').count()).toBe(2);
    expect(await cards.first().innerText()).toMatch(/forum/i);
    expect(await cards.first().innerText()).not.toContain('@@');
    expect(await cards.first().locator('a[href*="/communaute/sujets/"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: artifact('listening-forum.png') });
  });

  it('shows the critical alert with its summary; the supervisor switches crisis mode on from it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, SUPERVISOR);
    await page.goto(`${agora.url}/listening/alerts`);
    const critical = page.getByTestId('alert-card').filter({ hasText: 'Pic de volume' }).first();
    await critical.waitFor();
    expect(await critical.innerText()).toMatch(/critique[\s\S]*Banque Exemple[\s\S]*Négatif \d+ %/i);
    await page.screenshot({ path: artifact('listening-alerts.png'), fullPage: true });
    await critical.getByTestId('alert-crisis-on').click();
    await page.getByTestId('alert-crisis-confirm').click();
    await page.getByTestId('crisis-banner').waitFor();
    await page.screenshot({ path: artifact('listening-crisis.png') });
    const api = await signInOverHttp(agora.url, SUPERVISOR.email, SUPERVISOR.password);
    await api.request('PUT', '/api/settings/rules', { crisisMode: false });
  });

  it('checks a query as it is typed and saves it; the mentions read well on a phone', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, CM);
    await page.goto(`${agora.url}/listening/queries`);
    await page.getByTestId('query-new').click();
    await page.getByTestId('query-name').fill('Appli');
    await page.getByTestId('query-expression').fill('(appli OR application');
    await page.getByText(/Parenthèse non fermée/).waitFor();
    await page.getByTestId('query-expression').fill('(appli OR application) AND (panne OR bug)');
    await expect.poll(() => page.getByTestId('query-check').innerText()).toBe('Requête valide');
    await page.getByTestId('query-save').click();
    await page.getByTestId('query-row').filter({ hasText: 'Appli' }).waitFor();
    await page.screenshot({ path: artifact('listening-queries.png') });

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(phone, CM);
    await phone.goto(`${agora.url}/listening/mentions`);
    await phone.getByTestId('mention-card').first().waitFor();
    await phone.screenshot({ path: artifact('listening-phone.png') });
  });
});
