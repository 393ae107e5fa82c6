import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { TEST_PUBLIC_URL } from '../../platform/testing/test-app.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { type CommunityTestKit, startCommunityKit } from './community.test-kit.ts';
import { sendDigests } from './community-digest.ts';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5b0000000049454e44ae426082',
  'hex',
);

/** Prospects' accounts (ADR 035), images in posts, the daily digest. */
describe.each(testDatabaseTargets())('community accounts on $name', ({ open }) => {
  let database: Database;
  let kit: CommunityTestKit;

  beforeAll(async () => {
    database = await open();
    kit = await startCommunityKit(database);
  });
  afterAll(async () => {
    await kit?.close();
    await database?.close();
  });

  const origin = { origin: TEST_PUBLIC_URL };

  it('lets a prospect join by confirming their e-mail, never opening the secure space', async () => {
    const signup = await kit.app.inject({
      method: 'POST',
      url: '/api/community/prospects',
      headers: origin,
      payload: { email: 'Futur.Client@Exemple.fr', password: 'une phrase de passe solide', pseudonym: 'Futur_client', acceptRules: true },
    });
    expect(signup.statusCode).toBe(202);
    const tooEarly = await kit.app.inject({
      method: 'POST',
      url: '/api/community/prospects/login',
      headers: origin,
      payload: { email: 'futur.client@exemple.fr', password: 'une phrase de passe solide' },
    });
    expect(tooEarly.json().error.code).toBe('email_not_verified');
    const mail = await database.db
      .selectFrom('outgoing_mail')
      .select(['text_body'])
      .where('to_address', '=', 'futur.client@exemple.fr')
      .where('kind', '=', 'community.verify_email')
      .executeTakeFirstOrThrow();
    const token = mail.text_body.match(/verification\/([A-Za-z0-9_-]+)/)?.[1];
    expect(token).toBeTruthy();
    const verified = await kit.app.inject({ method: 'POST', url: '/api/community/prospects/verify', headers: origin, payload: { token } });
    expect(verified.statusCode).toBe(200);
    const cookie = verified.cookies.find((c) => c.name === 'agora_community');
    expect(cookie?.sameSite).toBe('Lax');
    const again = await kit.app.inject({ method: 'POST', url: '/api/community/prospects/verify', headers: origin, payload: { token } });
    expect(again.json().error.code).toBe('link_invalid');

    const headers = { ...origin, cookie: `agora_community=${cookie?.value}` };
    const me = (await kit.app.inject({ method: 'GET', url: '/api/community/me', headers })).json();
    expect(me.kind).toBe('prospect');
    expect(me.member.pseudonym).toBe('Futur_client');
    // A state-changing call needs the session's CSRF token.
    const noToken = await kit.app.inject({
      method: 'POST',
      url: '/api/community/topics',
      headers,
      payload: { categorySlug: 'epargne', title: 'Ouvrir un livret sans être client', body: 'Est-ce possible ?' },
    });
    expect(noToken.statusCode).toBe(403);
    const posted = await kit.app.inject({
      method: 'POST',
      url: '/api/community/topics',
      headers: { ...headers, 'x-csrf-token': me.csrfToken },
      payload: { categorySlug: 'epargne', title: 'Ouvrir un livret sans être client', body: 'Est-ce possible ?' },
    });
    expect(posted.statusCode).toBe(201);
    // The community cookie opens nothing of the secure space.
    const space = await kit.app.inject({ method: 'GET', url: '/api/client/auth/session', headers });
    expect(space.statusCode).toBe(401);

    const wrong = () =>
      kit.app.inject({
        method: 'POST',
        url: '/api/community/prospects/login',
        headers: origin,
        payload: { email: 'futur.client@exemple.fr', password: 'mauvais mot de passe' },
      });
    for (let i = 0; i < 5; i++) expect((await wrong()).json().error.code).toBe('invalid_credentials');
    expect((await wrong()).json().error.code).toBe('account_locked');
  });

  it('accepts images checked by their content, within the member’s limits', async () => {
    const member = await kit.member('Photographe');
    const upload = (body: Buffer) =>
      kit.app.inject({
        method: 'POST',
        url: '/api/community/uploads',
        headers: { ...member.headers, 'content-type': 'application/octet-stream' },
        payload: body,
      });
    const refused = await upload(Buffer.from('<svg onload="alert(1)"></svg>'));
    expect(refused.json().error.code).toBe('upload_refused');
    const saved = await upload(PNG);
    expect(saved.statusCode).toBe(201);
    const image = await kit.app.inject({ method: 'GET', url: saved.json().url });
    expect(image.headers['content-type']).toBe('image/png');
    // A new member: one image per post.
    const two = await kit.app.inject({
      method: 'POST',
      url: '/api/community/topics',
      headers: member.headers,
      payload: {
        categorySlug: 'appli-mobile',
        title: 'Capture de l’écran d’accueil',
        body: `![a](${saved.json().url}) ![b](${saved.json().url})`,
      },
    });
    expect(two.json().error.code).toBe('too_many_images');
  });

  it('mails one daily digest of unread notifications, once', async () => {
    const asker = await kit.member('Digest_auteur');
    await kit.setTrust(asker.memberId, 1);
    const helper = await kit.member('Digest_aide');
    await kit.setTrust(helper.memberId, 1);
    const topic = (
      await kit.app.inject({
        method: 'POST',
        url: '/api/community/topics',
        headers: asker.headers,
        payload: { categorySlug: 'comptes', title: 'Découvert autorisé : comment le modifier ?', body: 'Je voudrais le baisser.' },
      })
    ).json();
    await kit.app.inject({
      method: 'POST',
      url: `/api/community/topics/${topic.topicId}/posts`,
      headers: helper.headers,
      payload: { body: 'Depuis l’appli, rubrique Compte.' },
    });
    expect(await sendDigests(kit.deps, new Date(), { anyHour: true })).toBeGreaterThanOrEqual(1);
    expect(await sendDigests(kit.deps, new Date(), { anyHour: true })).toBe(0);
    const email = await database.db
      .selectFrom('community_members')
      .select(['email'])
      .where('id', '=', asker.memberId)
      .executeTakeFirstOrThrow();
    const digest = await database.db
      .selectFrom('outgoing_mail')
      .select(['subject', 'text_body'])
      .where('kind', '=', 'community.digest')
      .where('to_address', '=', email.email as string)
      .executeTakeFirstOrThrow();
    expect(digest.text_body).toContain('Digest_aide a répondu dans « Découvert autorisé : comment le modifier ? »');
  });
});
