import { randomBytes } from 'node:crypto';
import type { TimelinePage } from '@agora/contracts/client-360.schema.ts';
import type { SecureAttachment, SecureThreadDetail, SecureThreadSummary } from '@agora/contracts/secure-messaging.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainDump } from '../../platform/crypto/plain-dump.ts';
import type { Database } from '../../platform/db/database.ts';
import type { TestClient } from '../../platform/testing/test-clients.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { type SecureWorld, startSecureWorld } from './secure.test-kit.ts';

// Words that must never appear in clear in the database: unique per run so a dump can't match by chance.
const marker = (label: string) => `${label}-${randomBytes(6).toString('hex')}`;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(marker('contenu-image-secret'))]);

describe.each(testDatabaseTargets())('secure messaging on $name', ({ open }) => {
  let world: SecureWorld;
  let database: Database;
  let julie: TestClient;
  const secrets: string[] = [];
  const call: SecureWorld['call'] = (...args) => world.call(...args);

  beforeAll(async () => {
    world = await startSecureWorld(open);
    ({ database, julie } = world);
  });
  afterAll(async () => world?.close());

  let julieThread: string;
  let julieAttachment: string;

  it('lets a client open a thread with their advisor, who answers; the SLA clock runs until then', async () => {
    const subject = marker('objet-pret-immobilier');
    const body = marker('mon-salaire-est-de');
    secrets.push(subject, body);
    const created = await call<{ id: string }>('julie', 'POST', '/api/client/secure/threads', { subject, body, recipient: 'advisor' });
    expect(created.status).toBe(201);
    julieThread = created.body.id;
    const staffList = await call<SecureThreadSummary[]>('nora', 'GET', '/api/secure/threads');
    const listed = staffList.body.find((t) => t.id === julieThread);
    expect(listed).toMatchObject({ subject, clientName: 'Julie Moreau', recipient: 'advisor', unread: 1 });
    expect(listed?.responseDueAt).not.toBeNull();

    const answer = marker('reponse-conseillere');
    secrets.push(answer);
    expect((await call('nora', 'POST', `/api/secure/threads/${julieThread}/messages`, { body: answer })).status).toBe(201);
    const after = await call<SecureThreadDetail>('nora', 'GET', `/api/secure/threads/${julieThread}`);
    expect(after.body.responseDueAt).toBeNull();
    expect(after.body.messages.map((m) => [m.author, m.body])).toEqual([
      ['client', body],
      ['staff', answer],
    ]);
    // Bad input says what is wrong.
    const empty = await call<{ error: { code: string; message: string } }>(
      'julie',
      'POST',
      `/api/client/secure/threads/${julieThread}/messages`,
      {
        body: '   ',
      },
    );
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/message ou joignez/);
  });

  it('shows read receipts both ways', async () => {
    let seenByClient = await call<SecureThreadDetail>('julie', 'GET', `/api/client/secure/threads/${julieThread}`);
    expect(seenByClient.body.unread).toBe(1);
    // Nora's answer is not yet seen by Julie; Julie's message was seen by Nora when she answered.
    const noraView = await call<SecureThreadDetail>('nora', 'GET', `/api/secure/threads/${julieThread}`);
    expect(noraView.body.messages.map((m) => m.seen)).toEqual([true, false]);
    expect((await call('julie', 'POST', `/api/client/secure/threads/${julieThread}/read`)).status).toBe(204);
    seenByClient = await call<SecureThreadDetail>('julie', 'GET', `/api/client/secure/threads/${julieThread}`);
    expect(seenByClient.body.unread).toBe(0);
    const noraAgain = await call<SecureThreadDetail>('nora', 'GET', `/api/secure/threads/${julieThread}`);
    expect(noraAgain.body.messages.map((m) => m.seen)).toEqual([true, true]);
    const summary = await call<{ unread: number; threads: SecureThreadSummary[] }>('julie', 'GET', '/api/client/secure/summary');
    expect(summary.body.unread).toBe(0);
    expect(summary.body.threads[0]?.id).toBe(julieThread);
  });

  it('takes attachments sniffed from their content, within limits, for the participants only', async () => {
    const name = `${marker('avis-imposition')}.png`;
    secrets.push(name.replace('.png', ''));
    const upload = await call<SecureAttachment>('julie', 'POST', `/api/client/secure/threads/${julieThread}/attachments`, PNG, {
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent(name),
    });
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ contentType: 'image/png', size: PNG.byteLength });
    julieAttachment = upload.body.id;
    // Nobody else may send it, nor fetch it before it is sent.
    expect((await call('nora', 'GET', `/api/secure/attachments/${julieAttachment}`)).status).toBe(404);
    const stolen = await call('nora', 'POST', `/api/secure/threads/${julieThread}/messages`, {
      body: 'x',
      attachmentIds: [julieAttachment],
    });
    expect(stolen.status).toBe(400);
    expect(
      (
        await call('julie', 'POST', `/api/client/secure/threads/${julieThread}/messages`, {
          body: 'Voici le document',
          attachmentIds: [julieAttachment],
        })
      ).status,
    ).toBe(201);
    const file = await call('nora', 'GET', `/api/secure/attachments/${julieAttachment}`);
    expect(file.status).toBe(200);
    expect(file.raw.headers['content-type']).toBe('image/png');
    expect(Buffer.from(file.raw.rawPayload).equals(PNG)).toBe(true);
    expect((await call('julie', 'GET', `/api/client/secure/attachments/${julieAttachment}`)).status).toBe(200);

    // A script named .png, and a file over 5 MB, are refused.
    const svg = await call<{ error: { code: string } }>(
      'julie',
      'POST',
      `/api/client/secure/threads/${julieThread}/attachments`,
      Buffer.from('<svg onload="alert(1)"/>'),
      {
        'content-type': 'application/octet-stream',
        'x-file-name': 'photo.png',
      },
    );
    expect(svg.status).toBe(400);
    expect(svg.body.error.code).toBe('unsupported_type');
    const big = await call(
      'julie',
      'POST',
      `/api/client/secure/threads/${julieThread}/attachments`,
      Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]),
      {
        'content-type': 'application/octet-stream',
      },
    );
    expect(big.status).toBe(413);

    // Unsent files do not pile up: ten at most per person and thread, dropped after a day.
    const upload10 = () =>
      call<{ error: { code: string } }>('julie', 'POST', `/api/client/secure/threads/${julieThread}/attachments`, PNG, {
        'content-type': 'application/octet-stream',
      });
    for (let i = 0; i < 10; i++) expect((await upload10()).status).toBe(201);
    const eleventh = await upload10();
    expect(eleventh.status).toBe(409);
    expect(eleventh.body.error.code).toBe('secure_too_many_files');
    await database.db
      .updateTable('secure_attachments')
      .set({ created_at: new Date(Date.now() - 2 * 24 * 3_600_000) })
      .where('thread_id', '=', julieThread)
      .where('message_id', 'is', null)
      .execute();
    expect((await upload10()).status).toBe(201);
    const pending = await database.db
      .selectFrom('secure_attachments')
      .select(['id'])
      .where('thread_id', '=', julieThread)
      .where('message_id', 'is', null)
      .execute();
    expect(pending).toHaveLength(1);
  });

  it('keeps every client and advisor to their own threads (object-level access matrix)', async () => {
    const marcThread = (await call<{ id: string }>('marc', 'POST', '/api/client/secure/threads', { subject: 'Carte', body: 'Ma carte ?' }))
      .body.id;
    const teamThread = (
      await call<{ id: string }>('julie', 'POST', '/api/client/secure/threads', { subject: 'Équipe', body: 'Question', recipient: 'team' })
    ).body.id;
    const routes = (id: string, attachment: string) => ({
      client: [
        ['GET', `/api/client/secure/threads/${id}`],
        ['POST', `/api/client/secure/threads/${id}/read`],
        ['GET', `/api/client/secure/attachments/${attachment}`],
      ],
      staff: [
        ['GET', `/api/secure/threads/${id}`],
        ['POST', `/api/secure/threads/${id}/read`],
        ['GET', `/api/secure/attachments/${attachment}`],
      ],
    });
    // Marc never reaches Julie's thread, its attachment, nor writes in it.
    for (const [method, url] of routes(julieThread, julieAttachment).client) {
      expect((await call('marc', method as 'GET', url!)).status, `${method} ${url}`).toBe(404);
    }
    expect((await call('marc', 'POST', `/api/client/secure/threads/${julieThread}/messages`, { body: 'intrus' })).status).toBe(404);
    expect(
      (
        await call('marc', 'POST', `/api/client/secure/threads/${julieThread}/attachments`, PNG, {
          'content-type': 'application/octet-stream',
        })
      ).status,
    ).toBe(404);
    expect((await call<SecureThreadSummary[]>('marc', 'GET', '/api/client/secure/threads')).body.map((t) => t.id)).toEqual([marcThread]);
    // A client session is no staff session, and the other way round.
    expect((await call('julie', 'GET', `/api/secure/threads/${julieThread}`)).status).toBe(401);
    expect((await call('nora', 'GET', `/api/client/secure/threads/${julieThread}`)).status).toBe(401);
    expect((await call(null, 'GET', `/api/client/secure/threads/${julieThread}`)).status).toBe(401);

    // Karim (Marc's advisor, in no team) and Ines (social care agent) see nothing of Julie's.
    for (const who of ['karim', 'ines'] as const) {
      for (const [method, url] of routes(julieThread, julieAttachment).staff) {
        expect((await call(who, method as 'GET', url!)).status, `${who} ${method} ${url}`).toBe(404);
      }
      expect((await call(who, 'POST', `/api/secure/threads/${julieThread}/messages`, { body: 'intrus' })).status).toBe(404);
      expect((await call(who, 'GET', `/api/secure/threads/${teamThread}`)).status).toBe(404);
      const listed = (await call<SecureThreadSummary[]>(who, 'GET', '/api/secure/threads')).body.map((t) => t.id);
      expect(listed).not.toContain(julieThread);
    }
    expect((await call<SecureThreadSummary[]>('karim', 'GET', '/api/secure/threads')).body.map((t) => t.id)).toEqual([marcThread]);
    // Nora sees her client's threads, not Marc's; the bank-wide roles see all of them.
    const noraList = (await call<SecureThreadSummary[]>('nora', 'GET', '/api/secure/threads')).body.map((t) => t.id);
    expect(noraList).toEqual(expect.arrayContaining([julieThread, teamThread]));
    expect(noraList).not.toContain(marcThread);
    expect((await call('nora', 'GET', `/api/secure/threads/${marcThread}`)).status).toBe(404);
    for (const who of ['sophie', 'alex'] as const) {
      const list = (await call<SecureThreadSummary[]>(who, 'GET', '/api/secure/threads')).body.map((t) => t.id);
      expect(list).toEqual(expect.arrayContaining([julieThread, marcThread, teamThread]));
      expect((await call(who, 'GET', `/api/secure/attachments/${julieAttachment}`)).status).toBe(200);
    }
  });

  it("counts the client's unread secure messages and the answer due in the advisor's portfolio", async () => {
    type Page = {
      rows: { id: string; unread: number; dueAt: string | null; signals: { kind: string; unread: number; waiting: number }[] }[];
    };
    const before = (await call<Page>('nora', 'GET', '/api/portfolio')).body.rows.find((r) => r.id === julie.clientId);
    const secureBefore = before?.signals.find((sig) => sig.kind === 'secure_message');
    expect(secureBefore).toBeDefined();
    await call('julie', 'POST', `/api/client/secure/threads/${julieThread}/messages`, { body: 'Une question de plus' });
    const after = (await call<Page>('nora', 'GET', '/api/portfolio')).body.rows.find((r) => r.id === julie.clientId);
    const secure = after?.signals.find((sig) => sig.kind === 'secure_message');
    expect(secure?.unread).toBe((secureBefore?.unread ?? 0) + 1);
    expect(secure?.waiting).toBeGreaterThanOrEqual(1);
    expect(after?.dueAt).not.toBeNull();
    await call('nora', 'POST', `/api/secure/threads/${julieThread}/read`);
    const read = (await call<Page>('nora', 'GET', '/api/portfolio')).body.rows.find((r) => r.id === julie.clientId);
    // What is left unread: the question in the team thread, which nobody opened yet.
    expect(read?.signals.find((sig) => sig.kind === 'secure_message')?.unread).toBe(1);
  });

  it('lets an advisor write first to their own client only', async () => {
    const first = await call<{ id: string }>('nora', 'POST', '/api/secure/threads', {
      clientId: julie.clientId,
      subject: 'Votre rendez-vous annuel',
      body: 'Bonjour Julie, faisons le point sur votre épargne.',
    });
    expect(first.status).toBe(201);
    const seen = (await call<SecureThreadSummary[]>('julie', 'GET', '/api/client/secure/threads')).body.find((t) => t.id === first.body.id);
    expect(seen).toMatchObject({ subject: 'Votre rendez-vous annuel', unread: 1, advisorName: 'Test nora' });
    const other = await call<{ error: { code: string } }>('karim', 'POST', '/api/secure/threads', {
      clientId: julie.clientId,
      subject: 'x',
      body: 'y',
    });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('not_your_client');
    expect((await call('ines', 'POST', '/api/secure/threads', { clientId: julie.clientId, subject: 'x', body: 'y' })).status).toBe(403);
  });

  it('shows secure messages in the client 360 timeline, unsealed for the advisor', async () => {
    const page = await call<TimelinePage>('nora', 'GET', `/api/clients/${julie.clientId}/timeline`);
    const secure = page.body.items.filter((i) => i.kind === 'secure_message');
    expect(secure.length).toBeGreaterThanOrEqual(3);
    expect(secure.every((i) => i.channel === 'secure' && i.link?.kind === 'secure_thread')).toBe(true);
    expect(secure.map((i) => i.body)).toContain('Voici le document');
  });

  it('leaves no message plaintext in a dump of every table', async () => {
    const dump = await plainDump(database);
    expect(dump).toContain('secure_messages');
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const secret of secrets) expect(dump, secret).not.toContain(secret);
    expect(dump).not.toContain('Voici le document');
    expect(dump).not.toContain(PNG.subarray(8).toString());
    expect(dump).not.toContain(PNG.subarray(8).toString('hex'));
  });
});
