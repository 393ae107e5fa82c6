import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { type CommunityTestKit, startCommunityKit } from './community.test-kit.ts';
import { communityActivityOfClient, getPublicPost } from './community-public.ts';
import { communityTimelineSource } from './community-timeline.source.ts';

/** The forum's rules through its HTTP API: trust levels, moderation (rule 4), personal data (rule 3), votes. */
describe.each(testDatabaseTargets())('community forum on $name', ({ open }) => {
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

  const post = (headers: Record<string, string>, url: string, payload: Record<string, unknown>) =>
    kit.app.inject({ method: 'POST', url, headers, payload });
  const newTopic = (headers: Record<string, string>, title: string, body: string, categorySlug = 'comptes') =>
    post(headers, '/api/community/topics', { categorySlug, title, body, kind: 'question' });

  it('reads public topics without an account and refuses to write without one', async () => {
    const list = await kit.app.inject({ method: 'GET', url: '/api/community/categories' });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((c: { slug: string }) => c.slug)).toEqual(
      expect.arrayContaining(['comptes', 'credit-immobilier', 'epargne', 'appli-mobile', 'vie-de-la-banque', 'idees']),
    );
    const refused = await kit.app.inject({
      method: 'POST',
      url: '/api/community/topics',
      headers: { origin: 'http://agora.test' },
      payload: { categorySlug: 'comptes', title: 'Une question sans compte', body: 'Bonjour à tous' },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('community_sign_in_required');
  });

  it('asks a client for a pseudonym and never shows their name', async () => {
    const me = await kit.member('Lectrice_42');
    const view = (await kit.app.inject({ method: 'GET', url: '/api/community/me', headers: me.headers })).json();
    expect(view.member.pseudonym).toBe('Lectrice_42');
    const taken = await kit.app.inject({
      method: 'PATCH',
      url: '/api/community/me',
      headers: me.headers,
      payload: { pseudonym: 'lectrice_42' },
    });
    expect(taken.statusCode).toBe(200);
    const other = await kit.member('Autre_membre');
    const clash = await kit.app.inject({
      method: 'PATCH',
      url: '/api/community/me',
      headers: other.headers,
      payload: { pseudonym: 'LECTRICE_42' },
    });
    expect(clash.json().error.code).toBe('pseudonym_taken');
    const pii = await kit.app.inject({
      method: 'PATCH',
      url: '/api/community/me',
      headers: other.headers,
      payload: { pseudonym: 'camille.martin@exemple.fr' },
    });
    expect(pii.statusCode).toBe(400);
  });

  it('holds a new member’s first posts for review, limits their links, and frees a trusted member', async () => {
    const newbie = await kit.member('Nouveau_venu');
    const held = await newTopic(newbie.headers, 'Frais de tenue de compte en hausse ?', 'Bonjour, les frais ont-ils augmenté ce mois-ci ?');
    expect(held.statusCode).toBe(201);
    const outcome = held.json().outcome;
    expect(outcome.post.status).toBe('held');
    expect(outcome.notices[0].kind).toBe('held');
    // Not visible to others until a moderator publishes it.
    const anonymous = await kit.app.inject({ method: 'GET', url: `/api/community/topics/${held.json().topicId}` });
    expect(anonymous.statusCode).toBe(404);

    const links = await newTopic(
      newbie.headers,
      'Plusieurs liens utiles pour comparer',
      'Voir https://a.exemple.fr, https://b.exemple.fr et https://c.exemple.fr',
    );
    expect(links.statusCode).toBe(400);
    expect(links.json().error.code).toBe('too_many_links');

    const member = await kit.member('Habituee');
    await kit.setTrust(member.memberId, 1);
    const published = await newTopic(
      member.headers,
      'Virement instantané : quel plafond ?',
      'Quel est le plafond du virement instantané dans l’appli ?',
    );
    expect(published.json().outcome.post.status).toBe('published');
    const visible = await kit.app.inject({ method: 'GET', url: `/api/community/topics/${published.json().topicId}` });
    expect(visible.statusCode).toBe(200);
  });

  it('lets trusted members flag and edit wiki posts, and nobody below', async () => {
    const author = await kit.member('Auteur_wiki');
    await kit.setTrust(author.memberId, 1);
    const topic = (await newTopic(author.headers, 'Guide : changer son plafond de carte', 'Étape 1 : ouvrir l’appli.')).json();
    const postId = topic.outcome.post.id;
    const cm = await kit.staff('community_manager', 'Inès');
    expect(
      (await kit.app.inject({ method: 'PUT', url: `/api/community/posts/${postId}/wiki`, headers: cm.headers, payload: { on: true } }))
        .statusCode,
    ).toBe(200);

    const basic = await kit.member('Membre_simple');
    await kit.setTrust(basic.memberId, 1);
    const trusted = await kit.member('Membre_confiance');
    await kit.setTrust(trusted.memberId, 2);
    const newbie = await kit.member('Tout_nouveau');

    const edit = (headers: Record<string, string>) =>
      kit.app.inject({
        method: 'PATCH',
        url: `/api/community/posts/${postId}`,
        headers,
        payload: { body: 'Étape 1 : ouvrir l’appli. Étape 2 : Cartes.' },
      });
    expect((await edit(basic.headers)).json().error.code).toBe('trust_level_too_low');
    expect((await edit(trusted.headers)).statusCode).toBe(200);

    const flag = (headers: Record<string, string>) => post(headers, `/api/community/posts/${postId}/flags`, { reason: 'spam' });
    expect((await flag(newbie.headers)).json().error.code).toBe('trust_level_too_low');
    expect((await flag(basic.headers)).statusCode).toBe(201);
  });

  it('holds an insult with its reason, masks an IBAN at once, and keeps an unfavourable opinion', async () => {
    const member = await kit.member('Client_fache');
    await kit.setTrust(member.memberId, 1);
    const topic = (
      await newTopic(member.headers, 'Mon virement n’est jamais arrivé', 'Mon virement de lundi n’est toujours pas arrivé.')
    ).json();

    const insult = await post(member.headers, `/api/community/topics/${topic.topicId}/posts`, {
      body: 'Bande de connards, rendez-moi mon argent !',
    });
    expect(insult.statusCode).toBe(201);
    expect(insult.json().post.status).toBe('held');
    expect(insult.json().post.heldReason).toContain('Insulte');

    const iban = await post(member.headers, `/api/community/topics/${topic.topicId}/posts`, {
      body: 'Voici mon IBAN FR76 3000 6000 0112 3456 7890 189 si ça peut aider',
    });
    expect(iban.json().post.status).toBe('published');
    expect(iban.json().post.html).toContain('[IBAN masqué]');
    expect(iban.json().post.html).not.toContain('3000 6000');
    expect(iban.json().notices[0].message).toContain('espace sécurisé');
    const stored = await database.db
      .selectFrom('community_posts')
      .select(['body_md'])
      .where('id', '=', iban.json().post.id)
      .executeTakeFirstOrThrow();
    expect(stored.body_md).not.toContain('0112');

    const opinion = await post(member.headers, `/api/community/topics/${topic.topicId}/posts`, {
      body: 'Franchement, votre service est nul et vos frais scandaleux. Je vais changer de banque.',
    });
    expect(opinion.json().post.status).toBe('published');

    // The author is told about the masking in the notifications too.
    const notes = (await kit.app.inject({ method: 'GET', url: '/api/community/notifications', headers: member.headers })).json();
    expect(notes.some((n: { kind: string }) => n.kind === 'masked')).toBe(true);

    // The queue holds the insult with the policy; keeping it hidden is audited.
    const cm = await kit.staff('community_manager', 'Inès');
    const queue = (await kit.app.inject({ method: 'GET', url: '/api/community/moderation', headers: cm.headers })).json();
    const item = queue.find((i: { post: { id: string } }) => i.post.id === insult.json().post.id);
    expect(item.reason).toBe('insult');
    expect(item.policy).toContain('avis défavorable');
    const decided = await post(cm.headers, `/api/community/moderation/${item.id}`, { decision: 'keep_hidden', note: 'Insulte' });
    expect(decided.statusCode).toBe(200);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('target_id', '=', insult.json().post.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('community.moderation.keep_hidden');
    // Nobody but the author and staff sees the insult; the opinion stays public.
    const publicView = (await kit.app.inject({ method: 'GET', url: `/api/community/topics/${topic.topicId}` })).json();
    const bodies = publicView.posts.map((p: { html: string }) => p.html).join(' ');
    expect(bodies).not.toContain('connards');
    expect(bodies).toContain('scandaleux');
  });

  it('counts one vote per member on a reply, even under concurrent clicks, and the asker accepts an answer', async () => {
    const asker = await kit.member('Demandeur');
    await kit.setTrust(asker.memberId, 1);
    const helper = await kit.member('Aidant');
    await kit.setTrust(helper.memberId, 1);
    const topic = (
      await newTopic(asker.headers, 'Comment activer le paiement sans contact ?', 'Je ne trouve pas l’option.', 'appli-mobile')
    ).json();
    const answer = (
      await post(helper.headers, `/api/community/topics/${topic.topicId}/posts`, { body: 'Menu Cartes, puis Sans contact.' })
    ).json();
    const voters = await Promise.all([kit.member('Votant_a'), kit.member('Votant_b')]);
    const clicks = voters.flatMap((v) =>
      Array.from({ length: 5 }, () =>
        kit.app.inject({ method: 'PUT', url: `/api/community/posts/${answer.post.id}/vote`, headers: v.headers }),
      ),
    );
    for (const r of await Promise.all(clicks)) expect(r.statusCode).toBe(200);
    const row = await database.db
      .selectFrom('community_posts')
      .select(['vote_count'])
      .where('id', '=', answer.post.id)
      .executeTakeFirstOrThrow();
    expect(row.vote_count).toBe(2);
    const withdraw = await kit.app.inject({
      method: 'DELETE',
      url: `/api/community/posts/${answer.post.id}/vote`,
      headers: voters[0]!.headers,
    });
    expect(withdraw.json().voteCount).toBe(1);

    const stranger = await kit.member('Curieux');
    const refused = await kit.app.inject({
      method: 'PUT',
      url: `/api/community/topics/${topic.topicId}/accepted`,
      headers: stranger.headers,
      payload: { postId: answer.post.id },
    });
    expect(refused.statusCode).toBe(403);
    const accepted = await kit.app.inject({
      method: 'PUT',
      url: `/api/community/topics/${topic.topicId}/accepted`,
      headers: asker.headers,
      payload: { postId: answer.post.id },
    });
    expect(accepted.statusCode).toBe(200);
    const standing = await database.db
      .selectFrom('community_members')
      .select(['reputation', 'accepted_answers'])
      .where('id', '=', helper.memberId)
      .executeTakeFirstOrThrow();
    expect(standing).toEqual({ reputation: 12, accepted_answers: 1 });
    const badges = await database.db.selectFrom('community_badges').select(['badge']).where('member_id', '=', helper.memberId).execute();
    expect(badges.map((b) => b.badge)).toContain('solution');
  });

  it('finds topics by French full-text search, accents or not', async () => {
    const member = await kit.member('Chercheuse');
    await kit.setTrust(member.memberId, 1);
    await newTopic(member.headers, 'Dépôt de chèque dans l’application', 'Les dépôts de chèques sont-ils possibles ?', 'appli-mobile');
    const found = (await kit.app.inject({ method: 'GET', url: '/api/community/topics?q=depot%20cheque' })).json();
    expect(found.map((t: { title: string }) => t.title)).toContain('Dépôt de chèque dans l’application');
  });
});
