import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectInput } from '../apps/server/src/modules/cofinancing/cofinancing.test-kit.ts';
import { addStaff, startTestAgora, type TestAgora } from '../apps/server/src/platform/testing/test-agora.ts';
import { signInOverHttp } from '../apps/server/src/platform/testing/test-client.ts';
import { buildActiveClient } from '../apps/server/src/platform/testing/test-clients.ts';
import { artifact, launchBrowser } from './browser.ts';
import { submitClientSignIn } from './client-sign-in.ts';

const PASSWORD = 'mot de passe du personnel e2e';
const STAFF = [
  { email: 'auteur@banque-exemple.fr', role: 'advisor' as const },
  { email: 'relecteur@banque-exemple.fr', role: 'supervisor' as const },
  { email: 'conformite-e2e@banque-exemple.fr', role: 'compliance' as const },
];

/**
 * A client's whole co-financing journey in a real browser: the project published by staff (four
 * eyes), then in the secure space the knowledge test, the loss simulation, the risk warning, a
 * pledge above the threshold with the specific warning and explicit consent, and its withdrawal
 * during the reflection period. Desktop and phone (390×844).
 */
describe('co-financing in Chromium', () => {
  let agora: TestAgora;
  let browser: Browser;
  let projectId: string;

  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite' });
    for (const s of STAFF)
      await addStaff(agora, { email: s.email, password: PASSWORD, displayName: s.role, firstName: s.role, role: s.role });
    const [author, first, second] = await Promise.all(STAFF.map((s) => signInOverHttp(agora.url, s.email, PASSWORD)));
    const created = await author!.request<{ id: string }>(
      'POST',
      '/api/staff/cofinancing/projects',
      projectInput({ minPledgeCents: 2_000 }),
    );
    expect(created.status).toBe(201);
    projectId = created.body.id;
    await author!.request('PUT', `/api/staff/cofinancing/projects/${projectId}/criteria`, {
      criteria: [
        { key: 'environment', evidence: '120 tonnes de déchets évitées par an (bilan 2025).' },
        { key: 'social_utility', evidence: 'Deux emplois en insertion, conventionnés par la DDETS.' },
      ],
    });
    await first!.request('POST', `/api/staff/cofinancing/projects/${projectId}/approvals`);
    await second!.request('POST', `/api/staff/cofinancing/projects/${projectId}/approvals`);
    expect((await first!.request('POST', `/api/staff/cofinancing/projects/${projectId}/publication`)).status).toBe(200);
    // A question in the project's community topic, answered by the bank: shown on the project page.
    const topic = await first!.request<{ id: string }>('GET', `/api/community/subjects/cofinancing_project/${projectId}`);
    const reply = await first!.request('POST', `/api/community/topics/${topic.body.id}/posts`, {
      body: 'Bonne question : le prêt finance l’atelier et deux postes en insertion pendant deux ans.',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await agora?.stop();
  });

  // French amounts are written with narrow no-break spaces: compare with plain ones.
  const plain = (text: string | null) => (text ?? '').replace(/\s/g, ' ');
  const available = async (page: Page) => plain(await page.getByTestId('pledge-account').inputValue());
  /** A full-page screenshot from the top (a fixed header otherwise lands mid-page). */
  const shot = async (page: Page, name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: artifact(name), fullPage: true });
  };
  const textOf = async (page: Page, testId: string) => plain(await page.getByTestId(testId).first().textContent());

  it('knowledge test, simulation, warning, a large pledge with consent, then its withdrawal', async () => {
    const client = await buildActiveClient(agora.deps.database, agora.deps.bankId, {
      withAccounts: true,
      firstName: 'Léa',
      lastName: 'Dubois',
    });
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await desktop.newPage();
    await page.goto(`${agora.url}/espace/cofinancement`);
    await submitClientSignIn(page, client);
    // Back where the client was going; the menu has the page too.
    await page.getByTestId('cofinancing-title').waitFor();
    expect(await page.getByRole('link', { name: 'Co-financement' }).count()).toBeGreaterThan(0);
    await page.getByTestId('project-card').first().waitFor();
    await shot(page, 'cofinancing-client-list.png');
    await page.getByRole('link', { name: 'La Recyclerie du Faubourg' }).first().click();
    await page.getByTestId('knowledge-test').waitFor();
    await expect.poll(() => page.getByTestId('risk-banner').textContent()).toContain('perdre tout ou partie');

    // A first try with two wrong answers fails and says why; the second passes.
    const answer = async (choices: number[]) => {
      for (const [q, c] of choices.entries()) await page.getByTestId(`q${q}-c${c}`).check();
      await page.getByTestId('submit-test').click();
    };
    await answer([0, 2, 1, 1, 0]);
    await page.getByTestId('test-failed').waitFor();
    await shot(page, 'cofinancing-knowledge-test.png');
    await answer([1, 1, 1, 1, 0]);

    await page.getByTestId('sim-income').fill('30000');
    await page.getByTestId('sim-assets').fill('5000');
    await page.getByTestId('sim-commitments').fill('15000');
    await page.getByTestId('submit-simulation').click();
    await page.getByTestId('simulation-result').waitFor();
    // Net worth 20,000 €: can bear 2,000 €; consent needed above max(1,000 €, 1,000 €).
    expect(await textOf(page, 'simulation-result')).toContain('2 000,00');
    await page.getByTestId('risk-warning').waitFor();
    await shot(page, 'cofinancing-risk-warning.png');
    await page.getByTestId('ack-warning').check();
    await page.getByTestId('confirm-warning').click();

    await page.getByTestId('pledge-form').waitFor();
    // The account list is fetched once the form shows: its balance comes a moment later.
    await expect.poll(() => available(page)).toContain('2 500,00');
    await page.getByTestId('pledge-amount').fill('1500');
    await page.getByTestId('large-warning').waitFor();
    expect(await page.getByTestId('pledge-submit').isDisabled()).toBe(true);
    await page.getByTestId('large-consent').check();
    await shot(page, 'cofinancing-large-pledge-warning.png');
    await page.getByTestId('pledge-submit').click();
    await page.getByTestId('pledge-done').waitFor();
    expect(await textOf(page, 'pledge-done')).toContain('1 500,00');
    await expect.poll(() => available(page)).toContain('1 000,00');
    await expect.poll(() => textOf(page, 'project-raised')).toContain('1 500,00');

    // Withdrawal during the reflection period, from the co-financing page.
    await page.getByRole('link', { name: /Tous les projets/ }).click();
    await page.getByTestId('pledge-row').first().waitFor();
    expect(await page.getByTestId('pledge-status').first().textContent()).toBe('Réservée');
    await shot(page, 'cofinancing-my-pledges.png');

    // The investor widget, added to the personal space.
    await page.getByRole('link', { name: 'Accueil' }).first().click();
    await page.getByTestId('space-customise').click();
    await page.getByTestId('space-add').click();
    await page.getByTestId('space-add-cofinancing').click();
    await page.getByTestId('space-customise').click();
    await expect.poll(() => textOf(page, 'widget-invested')).toContain('1 500,00');
    await shot(page, 'cofinancing-widget.png');

    // The same space on a phone, same session.
    const phone = await browser.newContext({
      storageState: await desktop.storageState(),
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const mobile = await phone.newPage();
    await mobile.goto(`${agora.url}/espace/cofinancement/${projectId}`);
    await mobile.getByTestId('pledge-form').waitFor();
    await shot(mobile, 'cofinancing-project-phone.png');
    await mobile.goto(`${agora.url}/espace/cofinancement`);
    await mobile.getByTestId('pledge-withdraw').click();
    await mobile.getByTestId('withdrawn-note').waitFor();
    await expect.poll(() => mobile.getByTestId('pledge-status').first().textContent()).toBe('Retirée');
    await shot(mobile, 'cofinancing-withdrawn-phone.png');
    await phone.close();

    const hold = await agora.deps.database.db
      .selectFrom('demo_core_holds')
      .select(['status'])
      .where('bank_id', '=', agora.deps.bankId)
      .execute();
    expect(hold.map((h) => h.status)).toEqual(['released']);

    // The public page shows the project with nobody signed in, progress back to zero.
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const publicPage = await visitor.newPage();
    await publicPage.goto(`${agora.url}/cofinancement/${projectId}`);
    await publicPage.getByTestId('project-criteria').waitFor();
    await expect.poll(() => textOf(publicPage, 'project-discussion')).toContain('deux postes en insertion');
    await expect.poll(() => textOf(publicPage, 'project-raised')).toContain('0,00 € réunis');
    await shot(publicPage, 'cofinancing-public-page.png');
    await visitor.close();
    await desktop.close();
  }, 180_000);

  it('staff see the project, its four-eyes approvals and the reconciliation report', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${agora.url}/login`);
    await page.getByTestId('login-email').fill(STAFF[2]!.email);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    const [author, first] = await Promise.all(STAFF.slice(0, 2).map((s) => signInOverHttp(agora.url, s.email, PASSWORD)));
    const draft = await author!.request<{ id: string }>(
      'POST',
      '/api/staff/cofinancing/projects',
      projectInput({ title: 'Atelier vélo La Rustine', infoSheet: null }),
    );
    await first!.request('POST', `/api/staff/cofinancing/projects/${draft.body.id}/approvals`);
    await page.goto(`${agora.url}/cofinancing`);
    await page.getByTestId('staff-project-row').first().waitFor();
    await shot(page, 'cofinancing-staff-list.png');
    await page.getByRole('tab', { name: 'Rapprochement' }).click();
    await page.getByTestId('reconciliation').waitFor();
    await page.getByRole('tab', { name: 'Grille éthique' }).click();
    await page.getByTestId('criteria-grid').waitFor();
    expect(await page.getByTestId('criteria-grid').textContent()).toContain('Ancrage local');
    await shot(page, 'cofinancing-staff-grid.png');
    await page.goto(`${agora.url}/cofinancing/${draft.body.id}`);
    await page.getByTestId('blockers').waitFor();
    expect(plain(await page.getByTestId('blockers').textContent())).toContain('1 sur 2');
    expect(await page.getByTestId('publish').isDisabled()).toBe(true);
    await shot(page, 'cofinancing-staff-project.png');
    await context.close();
  }, 60_000);
  it('a supervisor writes a project from the pipeline in the form: euros typed, cents stored', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${agora.url}/login`);
    await page.getByTestId('login-email').fill(STAFF[1]!.email);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${agora.url}/cofinancing`);
    await page.getByTestId('new-project').click();
    await page.getByTestId('pf-title').fill('Café associatif Le Trait d’Union');
    await page.getByTestId('pf-borrower').fill('Association Trait d’Union');
    await page.getByTestId('pf-purpose').fill('Ouvrir un café associatif et une épicerie de produits locaux.');
    await page.getByTestId('pf-sought').fill('20000,50');
    await page.getByTestId('pf-bank').fill('15000');
    await page.getByTestId('pf-sheet').fill('Fiche d’informations clés : porteur, projet, risques, frais, droits.');
    await page.screenshot({ path: artifact('cofinancing-staff-new-project.png') });
    await page.getByTestId('pf-submit').click();
    await page.getByTestId('staff-project-title').waitFor();
    expect(await page.getByTestId('staff-project-title').textContent()).toBe('Café associatif Le Trait d’Union');
    const row = await agora.deps.database.db
      .selectFrom('cofin_projects')
      .select(['amount_sought_cents', 'target_cents', 'status'])
      .where('title', '=', 'Café associatif Le Trait d’Union')
      .executeTakeFirstOrThrow();
    expect({ sought: Number(row.amount_sought_cents), target: Number(row.target_cents), status: row.status }).toEqual({
      sought: 2_000_050,
      target: 500_050,
      status: 'draft',
    });
    await shot(page, 'cofinancing-staff-draft.png');
    await context.close();
  }, 60_000);
});
