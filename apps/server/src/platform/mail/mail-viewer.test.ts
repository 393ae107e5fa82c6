import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { buildTestDeps, buildTestServer, type TestDeps } from '../testing/test-app.ts';
import { openPGliteTestDatabase } from '../testing/test-database.ts';
import { queueMail, sendDueMail } from './mail.service.ts';
import { registerMailViewerRoutes } from './mail-viewer.routes.ts';

describe('demo mail viewer', () => {
  let database: Database;
  let deps: TestDeps;

  beforeAll(async () => {
    database = await openPGliteTestDatabase();
    deps = await buildTestDeps(database);
  });
  afterAll(() => database.close());

  it('lists kept mail and shows one with its links clickable and its text escaped', async () => {
    const app = await buildTestServer(deps, (a) => registerMailViewerRoutes(a, deps));
    const id = await queueMail(database.db, deps.bankId, {
      kind: 'client.invitation',
      to: 'claire.martin@example.fr',
      subject: 'Activez votre espace <sécurisé>',
      text: 'Bonjour, ouvrez https://agora.test/espace/activer/abc123 pour choisir votre mot de passe.',
      html: '<p>Bonjour</p><script>alert(1)</script>',
    });
    await sendDueMail(database, null, 'x <x@example.fr>');
    const list = await app.inject({ url: '/demo/mail' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Activez votre espace &#60;sécurisé&#62;');
    expect(list.body).toContain('conservé (démo)');
    const one = await app.inject({ url: `/demo/mail/${id}` });
    expect(one.body).toContain('<a href="https://agora.test/espace/activer/abc123">');
    const html = await app.inject({ url: `/demo/mail/${id}/html` });
    expect(html.headers['content-security-policy']).toMatch(/^sandbox;/);
    expect((await app.inject({ url: '/demo/mail/not-an-id' })).statusCode).toBe(404);
    const filtered = await app.inject({ url: '/demo/mail?to=someone.else@example.fr' });
    expect(filtered.body).toContain('Aucun e-mail');
    await app.close();
  });

  it('does not exist outside demo mode', async () => {
    const app = await buildTestServer(deps, (a) => registerMailViewerRoutes(a, { ...deps, config: { ...deps.config, demoMode: false } }));
    expect((await app.inject({ url: '/demo/mail' })).statusCode).toBe(404);
    await app.close();
  });
});
