import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCommunity } from '../apps/server/src/modules/community/community-demo.seed.ts';
import { addStaff, startTestAgora, type TestAgora } from '../apps/server/src/platform/testing/test-agora.ts';
import { buildActiveClient, markTotpSpent, type TestClient, totpNow } from '../apps/server/src/platform/testing/test-clients.ts';
import { artifact, launchBrowser } from './browser.ts';

const CM = {
  email: 'community@banque-exemple.fr',
  password: 'Community-Test-2026',
  displayName: 'Inès Garnier',
  firstName: 'Inès',
  role: 'community_manager' as const,
};
const ADVISOR = {
  email: 'conseillere@banque-exemple.fr',
  password: 'Conseil-Test-2026',
  displayName: 'Claire Fontaine',
  firstName: 'Claire',
  role: 'advisor' as const,
};
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

/**
 * The community in a real browser, on the demo community (seeded through the services): a public
 * topic read with JavaScript off, the forum as a client, an idea's life from proposal to launch,
 * and a live Q&A where a member's upvote and the staff's answer arrive without reloading.
 */
describe('community in Chromium', () => {
  let agora: TestAgora;
  let browser: Browser;
  let julie: TestClient;
  let marc: TestClient;

  const cookieOf = (response: Response, name: string) => {
    const raw = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
    if (!raw) throw new Error(`no ${name} cookie`);
    return raw.split(';')[0]!.slice(name.length + 1);
  };
  const clientContext = async (client: TestClient, options: object) => {
    const response = await fetch(`${agora.url}/api/client/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: agora.url },
      body: JSON.stringify({ email: client.email, password: client.password, totp: await totpNow(client) }),
    });
    expect(response.status).toBe(200);
    // The server refuses a code twice: the next sign-in of this client must use the next step's.
    markTotpSpent(client);
    const context = await browser.newContext(options);
    await context.addCookies([{ name: 'agora_client', value: cookieOf(response, 'agora_client'), url: agora.url }]);
    return context;
  };
  const staffContext = async (options: object) => {
    const response = await fetch(`${agora.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: agora.url },
      body: JSON.stringify({ email: CM.email, password: CM.password }),
    });
    expect(response.status).toBe(200);
    const context = await browser.newContext(options);
    await context.addCookies([{ name: 'agora_session', value: cookieOf(response, 'agora_session'), url: agora.url }]);
    return context;
  };
  const topicUrlOf = async (title: string) => {
    const topics = (await (await fetch(`${agora.url}/api/community/topics?q=${encodeURIComponent(title)}`)).json()) as {
      title: string;
      url: string;
    }[];
    const topic = topics.find((t) => t.title === title);
    if (!topic) throw new Error(`topic ${title} not found`);
    return topic.url;
  };

  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite' });
    await addStaff(agora, CM, 'social_care');
    await addStaff(agora, ADVISOR, 'advisors');
    const { database, bankId } = agora.deps;
    julie = await buildActiveClient(database, bankId, { firstName: 'Julie', lastName: 'Moreau', email: 'julie.moreau@exemple-client.fr' });
    marc = await buildActiveClient(database, bankId, { firstName: 'Marc', lastName: 'Lefebvre', email: 'marc.lefebvre@exemple-client.fr' });
    for (let i = 0; i < 4; i++)
      await buildActiveClient(database, bankId, { firstName: `Client${i}`, email: `client${i}@exemple-client.fr` });
    expect((await seedDemoCommunity(agora.deps)).seeded).toBe(true);
    await agora.drain();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await agora?.stop();
  });

  it('serves a public topic readable with JavaScript off, with its title and meta tags', async () => {
    const url = await topicUrlOf('Assurance emprunteur : peut-on en changer en cours de prêt ?');
    const html = await (await fetch(`${agora.url}${url}`)).text();
    expect(html).toContain('<title>Assurance emprunteur : peut-on en changer en cours de prêt ? · Banque Exemple</title>');
    expect(html).toContain('<meta property="og:title"');
    expect(html).toContain('rel="canonical"');
    for (const [name, options] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const context = await browser.newContext({ ...options, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${agora.url}${url}`);
      expect(await page.locator('h1').textContent()).toBe('Assurance emprunteur : peut-on en changer en cours de prêt ?');
      expect(await page.getByText('loi Lemoine').count()).toBeGreaterThan(0);
      expect(await page.getByText('Réponse acceptée').count()).toBeGreaterThan(0);
      expect(await page.getByText('Ambassadeur').count()).toBeGreaterThan(0);
      await page.screenshot({ path: artifact(`community-topic-nojs-${name}.png`), fullPage: true });
      await context.close();
    }
  });

  it('lets a client read, reply (personal data masked at once), vote and see the official advisor', async () => {
    const context = await clientContext(julie, DESKTOP);
    const page = await context.newPage();
    await page.goto(`${agora.url}/communaute`);
    await page.getByTestId('topic-list').waitFor();
    await page.screenshot({ path: artifact('community-home-desktop.png'), fullPage: true });
    await page.getByTestId('community-me').waitFor();
    expect(await page.getByTestId('community-me').textContent()).toBe('Julie_Lyon');

    // Following a category (new topics in it reach her notifications) survives a reload.
    await page.goto(`${agora.url}/communaute/c/epargne`);
    await page.getByTestId('follow-category').click();
    await expect.poll(() => page.getByTestId('follow-category').textContent()).toBe('Suivi');
    await page.reload();
    await expect.poll(() => page.getByTestId('follow-category').textContent()).toBe('Suivi');
    await page.screenshot({ path: artifact('community-category-followed.png') });

    await page.goto(`${agora.url}${await topicUrlOf('Frais de tenue de compte : pourquoi 2 € de plus ce mois-ci ?')}`);
    await page.getByTestId('topic-title').waitFor();
    expect(await page.getByTestId('staff-badge').count()).toBeGreaterThan(0);
    expect(await page.getByText('injustifié').count()).toBeGreaterThan(0);
    await page.getByTestId('composer-body').fill('Ma carte 4111 1111 1111 1111 merci de me dire si les frais apparaissent dessus');
    await page.getByTestId('composer-submit').click();
    await page.getByTestId('notice-masked').waitFor();
    expect(await page.getByTestId('notice-masked').textContent()).toContain('espace sécurisé');
    await page.getByText('[carte masquée]').first().waitFor();
    expect(await page.getByText('4111 1111').count()).toBe(0);
    await page.screenshot({ path: artifact('community-topic-desktop.png'), fullPage: true });
    await context.close();

    const phone = await clientContext(marc, PHONE);
    const mobile = await phone.newPage();
    await mobile.goto(`${agora.url}${await topicUrlOf('Payer avec ma montre connectée : comment l’activer ?')}`);
    await mobile.getByTestId('topic-title').waitFor();
    const vote = mobile.getByTestId('vote').nth(1);
    const before = await vote.textContent();
    await vote.click();
    await expect.poll(async () => vote.textContent()).not.toBe(before);
    await mobile.screenshot({ path: artifact('community-topic-phone.png'), fullPage: true });
    await phone.close();
  });

  it('shows the moderation queue with the policy beside each decision', async () => {
    const context = await staffContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(`${agora.url}/community`);
    const insult = page.locator('[data-testid="moderation-item"][data-reason="insult"]');
    await insult.waitFor();
    expect(await insult.getByTestId('moderation-policy').textContent()).toContain('avis défavorable');
    expect(await page.locator('[data-testid="moderation-item"][data-reason="personal_data"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: artifact('community-moderation-desktop.png'), fullPage: true });
    await insult.getByTestId('decide-hide').click();
    await expect.poll(async () => page.locator('[data-testid="moderation-item"][data-reason="insult"]').count()).toBe(0);
    await context.close();
  });

  it('takes an idea from proposal to launch, with official responses the author sees', async () => {
    const memberContext = await clientContext(julie, PHONE);
    const member = await memberContext.newPage();
    await member.goto(`${agora.url}/communaute/idees`);
    await member.getByTestId('propose-idea').click();
    await member.getByTestId('idea-title').fill('Partager un RIB par QR code');
    await member
      .getByTestId('idea-body')
      .fill('Afficher mon RIB sous forme de QR code dans l’appli pour le partager en agence ou chez un artisan.');
    await member.getByTestId('idea-submit').click();
    await member.getByTestId('idea-heading').waitFor();
    const ideaUrl = new URL(member.url()).pathname;

    const staff = await staffContext(DESKTOP);
    const desk: Page = await staff.newPage();
    await desk.goto(`${agora.url}/community?onglet=ideas`);
    const row = desk.locator('[data-testid="staff-idea"]', { hasText: 'Partager un RIB par QR code' });
    for (const [status, label, response] of [
      ['under_review', 'À l’étude', 'Merci Julie, nous regardons cela avec l’équipe appli.'],
      ['planned', 'Prévue', 'Retenue pour la prochaine version.'],
      ['in_progress', 'En cours', 'Le développement a commencé.'],
      ['launched', 'Lancée', 'C’est disponible dans Comptes > RIB.'],
    ] as const) {
      await row.getByTestId('idea-new-status').click();
      await desk.getByRole('option', { name: label, exact: true }).click();
      await row.getByTestId('idea-response').fill(response);
      if (status === 'launched') await row.getByTestId('idea-what-changed').fill('Le RIB se partage en QR code depuis l’appli.');
      await row.getByTestId('idea-apply').click();
      await expect.poll(async () => row.getByText(label, { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    }
    await desk.screenshot({ path: artifact('community-ideas-staff-desktop.png'), fullPage: true });

    await member.goto(`${agora.url}${ideaUrl}`);
    await member.getByTestId('idea-history').waitFor();
    expect(await member.getByTestId('idea-status').first().textContent()).toBe('Lancée');
    expect(await member.getByText('C’est disponible dans Comptes > RIB.').count()).toBe(1);
    await member.screenshot({ path: artifact('community-idea-phone.png'), fullPage: true });
    await member.goto(`${agora.url}/communaute/de-vos-idees-a-nos-projets`);
    await member.getByText('Partager un RIB par QR code').first().waitFor();
    await member.screenshot({ path: artifact('community-projects-phone.png'), fullPage: true });
    await memberContext.close();
    await staff.close();
  });

  it('runs a live Q&A: questions upvoted and answered live, on a phone and a laptop', async () => {
    const events = (await (await fetch(`${agora.url}/api/community/events`)).json()) as { id: string; title: string }[];
    const event = events.find((e) => e.title === 'Salon virtuel de l’immobilier')!;
    const staff = await staffContext(DESKTOP);
    const desk = await staff.newPage();
    await desk.goto(`${agora.url}/community?onglet=events`);
    await desk.getByTestId('event-go-live').click();
    await expect.poll(async () => desk.getByTestId('event-go-live').count()).toBe(0);

    const juliePhone = await clientContext(julie, PHONE);
    const page = await juliePhone.newPage();
    await page.goto(`${agora.url}/communaute/evenements/${event.id}`);
    await page.getByTestId('event-title').waitFor();
    expect(await page.getByTestId('event-status').textContent()).toBe('En direct');
    await page.getByTestId('stream-link').waitFor();
    await page.getByTestId('question-input').fill('Combien de temps faut-il pour obtenir un accord de principe ?');
    await page.getByTestId('question-submit').click();
    const mine = page.locator('[data-testid="question"]', { hasText: 'accord de principe' });
    await mine.waitFor();

    // Marc registers and upvotes Julie's question: her screen updates without a reload.
    const marcContext = await clientContext(marc, DESKTOP);
    const marcPage = await marcContext.newPage();
    await marcPage.goto(`${agora.url}/communaute/evenements/${event.id}`);
    await marcPage.getByTestId('event-register').click();
    const theirs = marcPage.locator('[data-testid="question"]', { hasText: 'accord de principe' });
    await theirs.getByTestId('question-vote').click();
    await expect.poll(async () => mine.getAttribute('data-votes'), { timeout: 15_000 }).toBe('1');

    // The staff answer from the live page; the answer appears on both members' screens.
    const live = await staff.newPage();
    await live.goto(`${agora.url}/communaute/evenements/${event.id}`);
    const toAnswer = live.locator('[data-testid="question"]', { hasText: 'accord de principe' });
    await toAnswer.getByTestId('answer-input').fill('En général sous 48 heures ouvrées, avec les pièces complètes.');
    await toAnswer.getByTestId('answer-submit').click();
    await mine.getByTestId('question-answer').waitFor({ timeout: 15_000 });
    expect(await mine.getByTestId('question-answer').textContent()).toContain('Inès · Conseiller officiel');
    await theirs.getByTestId('question-answer').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: artifact('community-live-qa-phone.png'), fullPage: true });
    await marcPage.screenshot({ path: artifact('community-live-qa-desktop.png'), fullPage: true });
    await live.screenshot({ path: artifact('community-live-qa-staff-desktop.png'), fullPage: true });

    // The replay keeps the Q&A.
    await desk.reload();
    await desk.getByRole('button', { name: 'Terminer' }).click();
    await page.reload();
    await page.getByTestId('event-title').waitFor();
    expect(await page.getByTestId('event-status').textContent()).toBe('Terminé');
    expect(await mine.getByTestId('question-answer').count()).toBe(1);
    for (const context of [juliePhone, marcContext, staff] as BrowserContext[]) await context.close();
  });
});
