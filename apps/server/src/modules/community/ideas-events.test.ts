import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { testDatabaseTargets } from '../../platform/testing/test-database.ts';
import { type CommunityTestKit, startCommunityKit } from './community.test-kit.ts';
import { sendEventReminders } from './events.service.ts';

describe.each(testDatabaseTargets())('ideas and events on $name', ({ open }) => {
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

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, headers: Record<string, string> = {}, payload?: object) =>
    kit.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('counts one vote per member under concurrent clicks, withdrawable', async () => {
    const author = await kit.member('Idee_auteur');
    await kit.setTrust(author.memberId, 1);
    const idea = (
      await call('POST', '/api/community/ideas', author.headers, {
        title: 'Payer par virement instantané au mobile',
        body: 'Avec le numéro de téléphone.',
      })
    ).json();
    const voters = await Promise.all([kit.member('Vote_1'), kit.member('Vote_2'), kit.member('Vote_3')]);
    const clicks = voters.flatMap((v) =>
      Array.from({ length: 6 }, () => call('PUT', `/api/community/ideas/${idea.topicId}/vote`, v.headers)),
    );
    for (const r of await Promise.all(clicks)) expect(r.statusCode).toBe(200);
    const count = async () =>
      (
        await database.db
          .selectFrom('community_ideas')
          .select(['vote_count'])
          .where('topic_id', '=', idea.topicId)
          .executeTakeFirstOrThrow()
      ).vote_count;
    expect(await count()).toBe(3);
    // Vote and withdraw at once from the same member: the counter always equals the rows.
    await Promise.all([
      call('DELETE', `/api/community/ideas/${idea.topicId}/vote`, voters[0]!.headers),
      call('DELETE', `/api/community/ideas/${idea.topicId}/vote`, voters[0]!.headers),
      call('PUT', `/api/community/ideas/${idea.topicId}/vote`, voters[1]!.headers),
    ]);
    const rows = await database.db.selectFrom('community_idea_votes').select(['member_id']).where('topic_id', '=', idea.topicId).execute();
    expect(await count()).toBe(rows.length);
    expect(rows.length).toBe(2);
  });

  it('lives from new to launched with official responses, voters notified, duplicates merged with their votes', async () => {
    const author = await kit.member('Idee_vie');
    await kit.setTrust(author.memberId, 1);
    const voter = await kit.member('Idee_votante');
    const both = await kit.member('Vote_deux_fois');
    const cm = await kit.staff('community_manager', 'Inès');
    const main = (
      await call('POST', '/api/community/ideas', author.headers, {
        title: 'Arrondi solidaire sur les paiements',
        body: 'Arrondir à l’euro pour une association.',
      })
    ).json();
    const dup = (
      await call('POST', '/api/community/ideas', author.headers, { title: 'Arrondir mes achats pour un don', body: 'Comme le micro-don.' })
    ).json();
    await call('PUT', `/api/community/ideas/${main.topicId}/vote`, voter.headers);
    await call('PUT', `/api/community/ideas/${dup.topicId}/vote`, voter.headers);
    await call('PUT', `/api/community/ideas/${dup.topicId}/vote`, both.headers);

    const move = (id: string, body: object) => call('POST', `/api/community/ideas/${id}/status`, cm.headers, body);
    const merged = await move(dup.topicId, {
      status: 'already_exists',
      response: 'Cette idée rejoint « Arrondi solidaire ».',
      mergeIntoId: main.topicId,
    });
    expect(merged.statusCode).toBe(200);
    const target = (await call('GET', `/api/community/ideas/${main.topicId}`)).json().idea;
    // The voter who voted for both counts once; the other's vote is carried over.
    expect(target.voteCount).toBe(2);
    expect((await call('GET', `/api/community/ideas/${dup.topicId}`)).json().idea.mergedInto.id).toBe(main.topicId);

    const illegal = await move(main.topicId, { status: 'launched', response: 'Trop tôt pour sauter les étapes.' });
    expect(illegal.statusCode).toBe(409);
    for (const status of ['under_review', 'planned', 'in_progress'])
      expect((await move(main.topicId, { status, response: `Notre réponse officielle : étape ${status}.` })).statusCode).toBe(200);
    const launched = await move(main.topicId, {
      status: 'launched',
      response: 'C’est en ligne depuis ce matin dans l’appli.',
      whatChanged: 'L’arrondi solidaire est disponible dans l’appli, rubrique Cartes.',
    });
    expect(launched.json().status).toBe('launched');
    expect(launched.json().history).toHaveLength(4);

    const notes = (await call('GET', '/api/community/notifications', voter.headers)).json();
    expect(notes.filter((n: { kind: string }) => n.kind === 'idea_status').length).toBeGreaterThanOrEqual(5);
    const report = (await call('GET', '/api/community/ideas/projects')).json();
    expect(report.launched.map((l: { title: string }) => l.title)).toContain('Arrondi solidaire sur les paiements');
    expect(report.byStatus.already_exists).toBe(1);
    const closedVote = await call('PUT', `/api/community/ideas/${main.topicId}/vote`, both.headers);
    expect(closedVote.statusCode).toBe(409);
    const audit = await database.db.selectFrom('audit_log').select(['action']).where('target_id', '=', main.topicId).execute();
    expect(audit.filter((a) => a.action === 'community.idea_status_changed')).toHaveLength(4);
  });

  it('runs an event: registration, reminder, live questions upvoted and answered, replay with the Q&A kept', async () => {
    const cm = await kit.staff('community_manager', 'Inès');
    const startsAt = new Date(Date.now() + 30 * 60_000);
    const event = (
      await call('POST', '/api/community/events', cm.headers, {
        title: 'Salon virtuel de l’immobilier',
        description: 'Nos conseillers répondent en direct.',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
        streamUrl: 'https://video.exemple.fr/salon',
      })
    ).json();
    const a = await kit.member('Salon_a');
    const b = await kit.member('Salon_b');
    const anonymous = (await call('GET', `/api/community/events/${event.id}`)).json();
    expect(anonymous.streamUrl).toBeNull();
    const asked = await call('POST', `/api/community/events/${event.id}/questions`, a.headers, { body: 'Quel apport minimum ?' });
    expect(asked.json().error.code).toBe('community_forbidden');
    for (const m of [a, b])
      expect((await call('PUT', `/api/community/events/${event.id}/registration`, m.headers)).json().registered).toBe(true);
    expect((await call('GET', `/api/community/events/${event.id}`, a.headers)).json().streamUrl).toBe('https://video.exemple.fr/salon');

    expect(await sendEventReminders(kit.deps)).toBe(4);
    expect(await sendEventReminders(kit.deps)).toBe(0);

    expect((await call('PATCH', `/api/community/events/${event.id}`, cm.headers, { status: 'live' })).json().status).toBe('live');
    const q1 = (
      await call('POST', `/api/community/events/${event.id}/questions`, a.headers, { body: 'Quel apport minimum pour un premier achat ?' })
    ).json();
    const q2 = (
      await call('POST', `/api/community/events/${event.id}/questions`, b.headers, {
        body: 'Le PTZ est-il cumulable avec un prêt action logement ?',
      })
    ).json();
    const insult = (
      await call('POST', `/api/community/events/${event.id}/questions`, b.headers, { body: 'Vous êtes des escrocs et des connards' })
    ).json();
    expect(insult.notices[0].kind).toBe('held');
    await Promise.all(Array.from({ length: 4 }, () => call('PUT', `/api/community/questions/${q2.id}/vote`, a.headers)));
    await call('PUT', `/api/community/questions/${q1.id}/vote`, b.headers);
    await call('PUT', `/api/community/questions/${q2.id}/vote`, b.headers);
    const list = (await call('GET', `/api/community/events/${event.id}/questions`, a.headers)).json();
    expect(list.map((q: { id: string }) => q.id)).toEqual([q2.id, q1.id]);
    expect(list[0].voteCount).toBe(2);
    expect(
      (await call('POST', `/api/community/questions/${q2.id}/answer`, cm.headers, { answer: 'Oui, sous conditions.' })).statusCode,
    ).toBe(200);
    await call('PATCH', `/api/community/events/${event.id}`, cm.headers, {
      status: 'ended',
      replayUrl: 'https://video.exemple.fr/salon-replay',
    });
    const replay = (await call('GET', `/api/community/events/${event.id}/questions`)).json();
    expect(replay.find((q: { id: string }) => q.id === q2.id).answerHtml).toContain('Oui, sous conditions.');
    expect(replay.some((q: { body: string }) => q.body.includes('connards'))).toBe(false);
    expect(
      (await call('POST', `/api/community/events/${event.id}/questions`, a.headers, { body: 'Encore une question ?' })).statusCode,
    ).toBe(409);
  });

  it('pushes a staff announcement to a group: members notified and mailed; invitation-only groups need an invitation', async () => {
    const cm = await kit.staff('community_manager', 'Inès');
    await call('POST', '/api/community/groups', cm.headers, {
      name: 'Primo-accédants',
      description: 'Premier achat.',
      kind: 'segment',
      visibility: 'invitation',
    });
    const m = await kit.member('Groupe_membre');
    expect((await call('PUT', '/api/community/groups/primo-accedants/membership', m.headers)).statusCode).toBe(403);
    await call('POST', '/api/community/groups/primo-accedants/invitations', cm.headers, { pseudonym: 'Groupe_membre' });
    expect((await call('PUT', '/api/community/groups/primo-accedants/membership', m.headers)).json().isMember).toBe(true);
    const announced = await call('POST', '/api/community/groups/primo-accedants/announcements', cm.headers, {
      title: 'Webinaire PTZ jeudi à 18 h',
      body: 'Inscrivez-vous depuis la page Événements.',
    });
    expect(announced.statusCode).toBe(201);
    const group = (await call('GET', '/api/community/groups/primo-accedants', m.headers)).json();
    expect(group.topics[0].title).toBe('Webinaire PTZ jeudi à 18 h');
    expect((await call('GET', '/api/community/groups/primo-accedants')).json().topics).toEqual([]);
    const mail = await database.db
      .selectFrom('outgoing_mail')
      .select(['subject'])
      .where('kind', '=', 'community.group_announcement')
      .execute();
    expect(mail.map((x) => x.subject)).toContain('Primo-accédants : Webinaire PTZ jeudi à 18 h');
  });
});
