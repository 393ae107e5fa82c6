import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, startTestAgora, type TestAgora } from '../apps/server/src/platform/testing/test-agora.ts';
import { buildActiveClient, markTotpSpent, type TestClient, totpNow } from '../apps/server/src/platform/testing/test-clients.ts';
import { artifact, launchBrowser } from './browser.ts';
import { signInClientFromStart } from './client-sign-in.ts';

const ADVISOR = {
  email: 'claire.fontaine@banque-exemple.fr',
  password: 'Conseil-Test-2026',
  displayName: 'Claire Fontaine',
  firstName: 'Claire',
};

/**
 * The client's personal space in Chromium: the widget grid (move, resize, reorder, add, remove,
 * saved on the server and still there after a reload) on a laptop and on a phone; passkeys
 * registered from the security page and used to sign in, through Chromium's virtual WebAuthn
 * authenticator (CDP); contact details changed after re-authentication.
 */
describe('personal space, widgets and passkeys in Chromium', () => {
  let agora: TestAgora;
  let browser: Browser;
  let client: TestClient;

  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite' });
    const advisor = await addStaff(agora, { ...ADVISOR, role: 'advisor' }, 'advisors');
    client = await buildActiveClient(agora.deps.database, agora.deps.bankId, {
      advisorId: advisor.id,
      firstName: 'Julie',
      lastName: 'Moreau',
      withAccounts: true,
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await agora?.stop();
  });

  const signInWithCode = (page: Page) => signInClientFromStart(page, agora, client);
  const place = async (page: Page, id: string) => {
    const card = page.getByTestId(`widget-${id}`);
    return {
      x: await card.getAttribute('data-x'),
      y: await card.getAttribute('data-y'),
      w: await card.getAttribute('data-w'),
      h: await card.getAttribute('data-h'),
    };
  };
  const saved = (page: Page) =>
    page.waitForResponse((r) => r.url().endsWith('/api/client/space/layout') && r.request().method() === 'PUT' && r.ok());
  const dragBy = async (page: Page, locator: ReturnType<Page['locator']>, dx: number, dy: number) => {
    await locator.hover();
    const box = await locator.boundingBox();
    if (!box) throw new Error('nothing to drag');
    const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + dx / 2, from.y + dy / 2, { steps: 8 });
    await page.mouse.move(from.x + dx, from.y + dy, { steps: 8 });
    await page.mouse.up();
  };

  it('a laptop: the default layout of the segment, then moved and resized, the same after a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signInWithCode(page);
    // A client who signs in to the space is a "web" client: accounts first, then the advisor.
    await page.getByTestId('account-row').first().waitFor();
    expect(await place(page, 'accounts')).toEqual({ x: '0', y: '0', w: '8', h: '5' });
    expect(await place(page, 'advisor')).toEqual({ x: '8', y: '0', w: '4', h: '4' });
    expect(await page.getByTestId('widget-advisor').textContent()).toContain('Claire Fontaine');
    const ibans = await page.getByTestId('account-iban').allTextContents();
    expect(ibans.length).toBe(2);
    for (const iban of ibans) expect(iban).toMatch(/^FR\d\d •••• •••• \d{4}$/);
    await page.screenshot({ path: artifact('personal-space-desktop.png'), fullPage: true, animations: 'disabled' });

    await page.getByTestId('space-customise').click();
    // Narrower accounts card: its corner handle dragged to the left.
    const accountsItem = page.locator('.react-grid-item', { has: page.getByTestId('widget-accounts') });
    let wrote = saved(page);
    await dragBy(page, accountsItem.locator('.react-resizable-handle'), -260, 60);
    await wrote;
    const resized = await place(page, 'accounts');
    expect(Number(resized.w)).toBeLessThan(8);
    expect(Number(resized.h)).toBeGreaterThan(5);
    // The advisor card dragged by its handle to the left edge, beside nothing: it lands at x = 0.
    wrote = saved(page);
    await dragBy(page, page.getByTestId('widget-drag-advisor'), -900, 0);
    await wrote;
    const moved = await place(page, 'advisor');
    expect(moved.x).toBe('0');
    const accountsAfter = await place(page, 'accounts');
    await page.screenshot({ path: artifact('personal-space-desktop-editing.png'), fullPage: true, animations: 'disabled' });

    await page.reload();
    await page.getByTestId('widget-accounts').waitFor();
    expect(await place(page, 'advisor')).toEqual(moved);
    expect(await place(page, 'accounts')).toEqual(accountsAfter);

    // Remove a widget, then add it back from the menu.
    await page.getByTestId('space-customise').click();
    wrote = saved(page);
    await page.getByTestId('widget-remove-advisor').click();
    await wrote;
    await page.getByTestId('widget-advisor').waitFor({ state: 'detached' });
    await page.getByTestId('space-add').click();
    wrote = saved(page);
    await page.getByTestId('space-add-advisor').click();
    await wrote;
    await page.getByTestId('widget-advisor').waitFor();
    await page.reload();
    await page.getByTestId('widget-advisor').waitFor();
    await context.close();
  });

  it('a phone: one column, reordered with the arrows, the same after a reload', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await signInWithCode(page);
    await page.getByTestId('widget-accounts').waitFor();
    expect(await page.getByTestId('widget-grid').getAttribute('data-columns')).toBe('1');
    const order = async () => {
      const cards = await Promise.all(['advisor', 'accounts'].map(async (id) => ({ id, y: Number((await place(page, id)).y) })));
      return cards.sort((a, b) => a.y - b.y).map((c) => c.id);
    };
    const before = await order();
    for (const id of before) expect((await place(page, id)).w).toBe('1');
    await page.screenshot({ path: artifact('personal-space-phone.png'), fullPage: true, animations: 'disabled' });
    await page.getByTestId('space-customise').click();
    const wrote = saved(page);
    await page.getByTestId(`widget-down-${before[0]}`).click();
    await wrote;
    const after = await order();
    expect(after).toEqual([...before].reverse());
    await page.screenshot({ path: artifact('personal-space-phone-editing.png'), fullPage: true, animations: 'disabled' });
    await page.reload();
    await page.getByTestId('widget-accounts').waitFor();
    expect(await order()).toEqual(after);
    // The phone's order is its own: the laptop keeps its arrangement.
    const space = await agora.deps.database.db
      .selectFrom('client_widget_layouts')
      .select(['layouts'])
      .where('client_id', '=', client.clientId)
      .executeTakeFirstOrThrow();
    const layouts = (typeof space.layouts === 'string' ? JSON.parse(space.layouts) : space.layouts) as { lg: unknown[]; sm?: unknown[] };
    expect(layouts.sm).toHaveLength(2);
    expect(layouts.lg).toHaveLength(2);
    await context.close();
  });

  it('passkeys: added from the security page after re-authentication, then sign-in with password and passkey; contact details changed', async () => {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // Chromium's virtual authenticator stands in for the phone's fingerprint reader.
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await signInWithCode(page);
    // Minutes later: adding a passkey asks for both factors again.
    await agora.deps.database.db
      .updateTable('client_sessions')
      .set({ reauthenticated_at: new Date(Date.now() - 10 * 60_000) })
      .where('client_id', '=', client.clientId)
      .execute();
    await page.goto(`${agora.url}/espace/securite`);
    await page.getByTestId('passkey-new-name').fill('Mon ordinateur');
    await page.getByTestId('passkey-add').click();
    await page.getByTestId('reauth-password').fill(client.password);
    await page.getByTestId('reauth-code').fill(await totpNow(client));
    await page.getByTestId('reauth-confirm').click();
    markTotpSpent(client);
    await page.getByTestId('passkey-row').waitFor();
    expect(await page.getByTestId('passkey-name').textContent()).toBe('Mon ordinateur');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.isResidentCredential).toBe(true);
    await page.screenshot({ path: artifact('client-security-passkey.png'), fullPage: true, animations: 'disabled' });

    await page.getByTestId('client-logout').click();
    await page.getByTestId('client-email').waitFor();
    await page.getByTestId('client-email').fill(client.email);
    await page.getByTestId('client-password').fill(client.password);
    await page.getByTestId('client-continue').click();
    await page.screenshot({ path: artifact('client-login-passkey-choice.png') });
    await page.getByTestId('client-passkey').click();
    await page.getByTestId('client-hello').waitFor();
    const login = await agora.deps.database.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'client.login')
      .where('target_id', '=', client.clientId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(login.details)).toContain('"secondFactor":"passkey"');

    // A wrong password with a good passkey is refused with the usual message.
    await page.getByTestId('client-logout').click();
    await page.getByTestId('client-email').fill(client.email);
    await page.getByTestId('client-password').fill('pas le bon mot de passe');
    await page.getByTestId('client-continue').click();
    await page.getByTestId('client-passkey').click();
    await page.getByTestId('client-login-error').waitFor();
    expect(await page.getByTestId('client-login-error').textContent()).toContain('E-mail, mot de passe ou code incorrect.');
    await page.getByTestId('client-password').fill(client.password);
    await page.getByTestId('client-continue').click();
    await page.getByTestId('client-passkey').click();
    await page.getByTestId('client-hello').waitFor();

    // Contact details: a sensitive change, confirmed here with the password and the passkey.
    await agora.deps.database.db
      .updateTable('client_sessions')
      .set({ reauthenticated_at: new Date(Date.now() - 10 * 60_000) })
      .where('client_id', '=', client.clientId)
      .execute();
    await page.goto(`${agora.url}/espace/coordonnees`);
    await page.getByTestId('details-phone').fill('+33 6 98 76 54 32');
    await page.getByTestId('details-save').click();
    await page.getByTestId('reauth-password').fill(client.password);
    await page.getByTestId('reauth-passkey').click();
    await expect
      .poll(
        async () =>
          (await agora.deps.database.db.selectFrom('clients').select(['phone']).where('id', '=', client.clientId).executeTakeFirstOrThrow())
            .phone,
        { timeout: 15_000 },
      )
      .toBe('+33 6 98 76 54 32');
    await page.screenshot({ path: artifact('client-contact-details.png'), fullPage: true, animations: 'disabled' });
    await context.close();
  });
});
