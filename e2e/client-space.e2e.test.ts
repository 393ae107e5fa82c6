import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, startTestAgora, type TestAgora } from '../apps/server/src/platform/testing/test-agora.ts';
import { signInOverHttp } from '../apps/server/src/platform/testing/test-client.ts';
import { markTotpSpent, totpNow } from '../apps/server/src/platform/testing/test-clients.ts';
import { artifact, launchBrowser } from './browser.ts';

const ADVISOR = {
  email: 'claire.fontaine@banque-exemple.fr',
  password: 'Conseil-Test-2026',
  displayName: 'Claire Fontaine',
  firstName: 'Claire',
};
const CLIENT = { firstName: 'Léa', lastName: 'Dubois', email: 'lea.dubois@example.fr', password: 'une phrase de passe assez longue' };

/**
 * The secure space in a real browser, on a phone-sized screen: the advisor invites a client, the
 * client opens the e-mailed link (demo mail viewer), chooses a password, scans the authenticator
 * key, lands in the space; an idle warning comes before the idle sign-out; sign-in needs both factors.
 */
describe('client secure space in Chromium', () => {
  let agora: TestAgora;
  let browser: Browser;

  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite' });
    await addStaff(agora, { ...ADVISOR, role: 'advisor' }, 'advisors');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await agora?.stop();
  });

  const backdateSession = (ms: number) =>
    agora.deps.database.db
      .updateTable('client_sessions')
      .set({ last_seen_at: new Date(Date.now() - ms) })
      .execute();

  it('invitation, activation with an authenticator, idle warning and sign-out, sign-in with two factors', async () => {
    const advisor = await signInOverHttp(agora.url, ADVISOR.email, ADVISOR.password);
    const created = await advisor.request<{ id: string }>('POST', '/api/clients', {
      firstName: CLIENT.firstName,
      lastName: CLIENT.lastName,
      email: CLIENT.email,
    });
    expect(created.status).toBe(201);
    expect((await advisor.request('POST', `/api/clients/${created.body.id}/invitation`)).status).toBe(200);

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    // The mail is kept by the mail worker for the demo viewer (no SMTP server in tests).
    await expect
      .poll(
        async () => {
          await page.goto(`${agora.url}/demo/mail?to=${encodeURIComponent(CLIENT.email)}`);
          return page.getByText('Activez votre espace sécurisé').count();
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    await page.getByText('Activez votre espace sécurisé').click();
    await page.locator('a[href*="/espace/activation/"]').click();

    await page.getByTestId('activation-password').fill(CLIENT.password);
    await page.getByTestId('activation-confirm').fill(CLIENT.password);
    await page.getByTestId('activation-next').click();
    await page.getByTestId('activation-qr').waitFor();
    await page.screenshot({ path: artifact('client-activation-phone.png'), fullPage: true });
    const secret = (await page.getByTestId('activation-secret').textContent()) ?? '';
    // A code is accepted once in its time step (replay rule): each later sign-in takes a fresh one.
    const authenticator = { totpSecret: secret };
    await page.getByTestId('activation-code').fill(await totpNow(authenticator));
    await page.getByTestId('activation-submit').click();
    markTotpSpent(authenticator);
    await page.getByTestId('client-hello').waitFor();
    expect(await page.getByTestId('client-hello').textContent()).toContain('Bonjour Léa');
    expect(await page.getByTestId('widget-advisor').textContent()).toContain('Claire Fontaine');
    await page.screenshot({ path: artifact('client-home-phone.png'), fullPage: true });

    // Half a minute before the idle sign-out, a warning offers to stay.
    await backdateSession(4.5 * 60_000);
    await page.reload();
    await page.getByTestId('client-idle-warning').waitFor();
    await page.screenshot({ path: artifact('client-idle-warning-phone.png') });
    await page.getByTestId('client-idle-stay').click();
    await page.getByTestId('client-idle-warning').waitFor({ state: 'hidden' });

    // Left alone to the end, the session ends and the sign-in page says why.
    await backdateSession(5 * 60_000 - 3_000);
    await page.reload();
    await page.getByTestId('client-idle-ended').waitFor({ timeout: 30_000 });
    expect(page.url()).toContain('/espace/connexion');

    // Sign-in again: e-mail and password, then the code; a wrong code sends back to the start.
    await page.getByTestId('client-email').fill(CLIENT.email);
    await page.getByTestId('client-password').fill(CLIENT.password);
    await page.getByTestId('client-continue').click();
    await page.getByTestId('client-code').fill('000000');
    await page.getByTestId('client-submit').click();
    await page.getByTestId('client-login-error').waitFor();
    expect(await page.getByTestId('client-login-error').textContent()).toContain('E-mail, mot de passe ou code incorrect.');
    await page.getByTestId('client-password').fill(CLIENT.password);
    await page.getByTestId('client-continue').click();
    await page.getByTestId('client-code').fill(await totpNow(authenticator));
    await page.getByTestId('client-submit').click();
    await page.getByTestId('client-hello').waitFor();
    markTotpSpent(authenticator);
    await context.close();

    // The same space on a laptop screen.
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const laptop = await desktop.newPage();
    await laptop.goto(`${agora.url}/espace`);
    await laptop.getByTestId('client-email').fill(CLIENT.email);
    await laptop.getByTestId('client-password').fill(CLIENT.password);
    await laptop.getByTestId('client-continue').click();
    await laptop.screenshot({ path: artifact('client-login-code.png') });
    // A new 30-second step: TOTP codes are single-use per step only in the server's tolerance window.
    await laptop.getByTestId('client-code').fill(await totpNow(authenticator));
    await laptop.getByTestId('client-submit').click();
    await laptop.getByTestId('client-hello').waitFor();
    await laptop.screenshot({ path: artifact('client-home.png') });
    await desktop.close();
  });
});
