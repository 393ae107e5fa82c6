import type { Page } from 'playwright-core';
import type { TestAgora } from '../apps/server/src/platform/testing/test-agora.ts';
import { forgetSpentTotp, markTotpSpent, type TestClient, totpNow } from '../apps/server/src/platform/testing/test-clients.ts';

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

/**
 * Opens the sign-in page and signs the client in, landing on their home. Tests sign in anew within
 * seconds of the last time: the server and the helpers first forget the spent codes, as if a
 * minute had passed (replay rule).
 */
export async function signInClientFromStart(page: Page, agora: TestAgora, client: TestClient): Promise<void> {
  await forgetSpentTotp(agora.deps.database, client);
  await page.goto(`${agora.url}/espace/connexion`);
  await submitClientSignIn(page, client);
  await page.getByTestId('client-hello').waitFor();
}
