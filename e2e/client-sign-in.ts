import type { Page } from 'playwright-core';
import { markTotpSpent, type TestClient, totpNow } from '../apps/server/src/platform/testing/test-clients.ts';

/**
 * Fills the secure space's two-factor sign-in form on the page (wherever it is shown: the sign-in
 * page, a handoff link, a page that asked for a session) and submits it.
 */
export async function submitClientSignIn(page: Page, client: TestClient): Promise<void> {
  await page.getByTestId('client-email').fill(client.email);
  await page.getByTestId('client-password').fill(client.password);
  await page.getByTestId('client-continue').click();
  await page.getByTestId('client-code').fill(await totpNow(client));
  await page.getByTestId('client-submit').click();
  // The server refuses a code twice: this client's next sign-in uses the next step's code.
  markTotpSpent(client);
}
