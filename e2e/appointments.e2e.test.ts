import { randomUUID } from 'node:crypto';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, startTestAgora, type TestAgora } from '../apps/server/src/platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../apps/server/src/platform/testing/test-client.ts';
import { buildActiveClient, type TestClient } from '../apps/server/src/platform/testing/test-clients.ts';
import { artifact, launchBrowser } from './browser.ts';
import { signInClientFromStart } from './client-sign-in.ts';

const ADVISOR = { email: 'nora.advisor@banque-exemple.fr', password: 'Conseil-Test-2026', displayName: 'Nora Haddad', firstName: 'Nora' };
const ALL_DAY = [{ start: '08:00', end: '20:00' }];
const WEEK = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };
const HALF_HOUR = 30 * 60_000;

/**
 * Appointments in Chromium: the client books a video slot on a phone-sized screen, sees the
 * branches, and then the meeting room connects the client's and the advisor's browsers (two
 * contexts, fake camera and microphone): a remote video track arrives on each side and a chat
 * message crosses.
 */
describe('appointments and the meeting room in Chromium', () => {
  let agora: TestAgora;
  let browser: Browser;
  let client: TestClient;
  let advisor: StaffClient;
  let advisorId: string;

  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite' });
    advisorId = (await addStaff(agora, { ...ADVISOR, role: 'advisor' }, 'advisors')).id;
    client = await buildActiveClient(agora.deps.database, agora.deps.bankId, { advisorId, firstName: 'Julie', lastName: 'Moreau' });
    advisor = await signInOverHttp(agora.url, ADVISOR.email, ADVISOR.password);
    const branchId = randomUUID();
    await agora.deps.database.db
      .insertInto('branches')
      .values({
        id: branchId,
        bank_id: agora.deps.bankId,
        name: 'Agence Paris Bastille',
        address: '12 rue de la Roquette',
        postal_code: '75011',
        city: 'Paris',
        phone: '01 43 00 00 11',
        weekly_hours: JSON.stringify({ ...WEEK, sat: [{ start: '09:00', end: '12:30' }], sun: [] }),
      })
      .execute();
    expect((await advisor.request('PUT', '/api/appointments/availability', { branchId, weeklyHours: WEEK })).status).toBe(200);
    // launchBrowser's flags, plus fake media devices granted without a prompt.
    await launchBrowser().then((b) => b.close());
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await agora?.stop();
  });

  const signInClient = (page: Page) => signInClientFromStart(page, agora, client);

  it('books a video appointment on a phone, lists the branches, and shows the next appointment on the home page', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await signInClient(page);
    await page.goto(`${agora.url}/espace/rendez-vous`);
    await page.getByTestId('book-appointment').click();
    await page.getByTestId('booking-subject').fill('Mon projet immobilier');
    await page.getByTestId('slot-picker').locator('label').first().click();
    await page.screenshot({ path: artifact('appointments-booking-phone.png') });
    await page.getByTestId('booking-submit').click();
    await page.getByTestId('appointment-card').waitFor();
    expect(await page.getByTestId('appointment-card').textContent()).toContain('Mon projet immobilier');
    expect(await page.getByTestId('appointment-notices').textContent()).toContain('C’est confirmé');
    await page.screenshot({ path: artifact('appointments-client-phone.png'), fullPage: true });

    // English second: the same page in English.
    await page.getByText('EN', { exact: true }).click();
    await page.getByText('My appointments').waitFor();
    await page.screenshot({ path: artifact('appointments-client-phone-en.png'), fullPage: true });
    await page.getByText('FR', { exact: true }).click();
    await page.goto(`${agora.url}/espace/agences`);
    await page.getByTestId('branch-card').waitFor();
    expect(await page.getByTestId('branch-card').textContent()).toContain('12 rue de la Roquette');
    await page.screenshot({ path: artifact('appointments-branches-phone.png'), fullPage: true });

    // A "web" client's default home has accounts and advisor: the appointments widget is added from the menu.
    await page.goto(`${agora.url}/espace`);
    await page.getByTestId('space-customise').click();
    await page.getByTestId('space-add').click();
    await page.getByTestId('space-add-appointments').click();
    await page.getByTestId('appointments-widget-body').waitFor();
    expect(await page.getByTestId('appointments-widget-body').textContent()).toContain('Mon projet immobilier');
    await page.screenshot({ path: artifact('appointments-widget-phone.png'), fullPage: true });
    // The confirmation e-mail is in the demo mail viewer.
    await expect
      .poll(
        async () => {
          await page.goto(`${agora.url}/demo/mail?to=${encodeURIComponent(client.email)}`);
          return page.getByText('Votre rendez-vous est confirmé').count();
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    await context.close();
  });

  it('connects the client and the advisor in the meeting room: video both ways and the chat', async () => {
    // A video appointment under way (the room is open from 15 minutes before to 30 after).
    const startsAt = new Date(Math.floor(Date.now() / HALF_HOUR) * HALF_HOUR);
    const clients = await agora.deps.database.db
      .selectFrom('clients')
      .select(['id'])
      .where('email', '=', client.email)
      .executeTakeFirstOrThrow();
    await agora.deps.database.db
      .insertInto('appointments')
      .values({
        id: randomUUID(),
        bank_id: agora.deps.bankId,
        client_id: clients.id,
        advisor_id: advisorId,
        branch_id: null,
        mode: 'video',
        subject: 'Point sur mon épargne',
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + HALF_HOUR),
      })
      .execute();

    const clientContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const clientPage = await clientContext.newPage();
    await signInClient(clientPage);
    await clientPage.goto(`${agora.url}/espace/rendez-vous`);
    await clientPage.getByTestId('join-room').click();
    await clientPage.locator('[data-testid="meeting-room"][data-status="waiting"]').waitFor();

    const advisorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const [name, value] = advisor.cookie.split('=') as [string, string];
    await advisorContext.addCookies([{ name, value, url: agora.url }]);
    const advisorPage = await advisorContext.newPage();
    await advisorPage.goto(`${agora.url}/agenda`);
    await advisorPage.getByTestId('agenda-join').waitFor();
    // Time off from the agenda screen: a whole day, listed at once, and gone from the client's slots.
    const inTwentyDays = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    await advisorPage.getByTestId('exception-day').fill(inTwentyDays);
    await advisorPage.getByTestId('exception-label').fill('Formation');
    await advisorPage.getByTestId('exception-add').click();
    await advisorPage.getByText('· Formation').waitFor();
    const offered = await advisor.request<{ advisor: unknown }>('GET', `/api/appointments/availability`);
    expect(JSON.stringify(offered.body)).toContain(inTwentyDays);
    await advisorPage.screenshot({ path: artifact('appointments-agenda-desktop.png'), fullPage: true });
    await advisorPage.getByTestId('agenda-join').click();

    for (const page of [clientPage, advisorPage]) {
      await page.locator('[data-testid="meeting-room"][data-status="connected"]').waitFor({ timeout: 30_000 });
      // The remote stream carries a live video track whose frames arrive (the fake camera's).
      await page.waitForFunction(
        () => {
          const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
          const stream = video?.srcObject as MediaStream | null;
          return !!stream && stream.getVideoTracks().some((t) => t.readyState === 'live') && (video?.videoWidth ?? 0) > 0;
        },
        undefined,
        { timeout: 30_000 },
      );
    }

    await clientPage.getByTestId('chat-input').fill('Bonjour, vous m’entendez ?');
    await clientPage.getByTestId('chat-input').press('Enter');
    await advisorPage.getByTestId('chat-line').filter({ hasText: 'Bonjour, vous m’entendez ?' }).waitFor();
    await advisorPage.getByTestId('chat-input').fill('Très bien, je partage mon écran dans un instant.');
    await advisorPage.getByTestId('chat-input').press('Enter');
    await clientPage.getByTestId('chat-line').filter({ hasText: 'je partage mon écran' }).waitFor();
    // The advisor shares their screen: the same connection now carries it, the client still receives video.
    await advisorPage.getByTestId('meeting-share').click();
    await advisorPage.locator('[data-testid="meeting-share"][aria-pressed="true"]').waitFor({ timeout: 15_000 });
    await clientPage.waitForFunction(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
      return ((video?.srcObject as MediaStream | null)?.getVideoTracks() ?? []).some((t) => t.readyState === 'live');
    });
    // Camera and microphone can be turned off and on.
    await clientPage.getByTestId('meeting-camera').click();
    await clientPage.locator('[data-testid="meeting-camera"][aria-pressed="false"]').waitFor();
    await clientPage.screenshot({ path: artifact('appointments-room-phone.png'), fullPage: true });
    await advisorPage.screenshot({ path: artifact('appointments-room-desktop.png') });

    // The client leaves: the advisor's room says it waits again.
    await clientPage.getByTestId('meeting-leave').click();
    await advisorPage.locator('[data-testid="meeting-room"][data-status="waiting"]').waitFor();
    // The client's 360 shows the appointments in the timeline, linked to the agenda.
    await advisorPage.goto(`${agora.url}/clients/${clients.id}`);
    await advisorPage.getByTestId('timeline-item').filter({ hasText: 'Point sur mon épargne' }).waitFor();
    await advisorPage.screenshot({ path: artifact('appointments-client-360-desktop.png') });
    await clientContext.close();
    await advisorContext.close();
  });
});
