import type { Role } from '@agora/contracts/common.schema.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { ClientPrincipal } from '../../platform/auth/client-principal.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import type { CommunityActor } from './community-actor.ts';
import { DEMO_FORUM, DEMO_IDEAS, DEMO_MEMBERS } from './community-demo.texts.ts';
import { findMember, joinAsClient, type Member, setAmbassador, setTrustLevel } from './community-members.ts';
import { ensureCommunityCategories } from './community-setup.ts';
import { askQuestion, createEvent, registerForEvent, voteQuestion } from './events.service.ts';
import { acceptAnswer, createTopic, replyToTopic, votePost } from './forum-write.service.ts';
import { announceToGroup, createGroup, inviteToGroup, joinGroup } from './groups.service.ts';
import { changeIdeaStatus, proposeIdea, voteIdea } from './ideas.service.ts';
import { signUpProspect, verifyProspectEmail } from './prospect-auth.service.ts';

/** The demo's prospect: a community account without a bank relationship (printed in the banner). */
export const DEMO_PROSPECT = { email: 'futur.client@exemple-prospect.fr', password: 'Prospect-Demo-2026', pseudonym: 'FuturClient_Nantes' };

const HOUR = 3600_000;

/**
 * The demo community, written through the community's own services (the same rules apply as for
 * a member: masking, insult detection, trust levels, notifications, audit). Texts are in
 * community-demo.texts.ts. Does nothing when the community already has topics.
 */
export async function seedDemoCommunity(deps: AppDeps, options: { now?: Date } = {}): Promise<{ seeded: boolean }> {
  const now = options.now ?? new Date();
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  await ensureCommunityCategories(deps, deps.bankId);
  const existing = await deps.database.db
    .selectFrom('community_topics')
    .select(['id'])
    .where('bank_id', '=', deps.bankId)
    .limit(1)
    .execute();
  if (existing.length) return { seeded: false };

  const staffOf = async (email: string): Promise<StaffPrincipal> => {
    const row = await deps.database.db
      .selectFrom('staff_users')
      .select(['id', 'role', 'first_name', 'display_name', 'email'])
      .where('bank_id', '=', deps.bankId)
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    return {
      userId: row.id,
      bankId: deps.bankId,
      role: row.role as Role,
      teamIds: [],
      email: row.email,
      firstName: row.first_name,
      displayName: row.display_name,
      csrfToken: '',
      sessionId: '',
    };
  };
  const ines = await staffOf('community@banque-exemple.fr');
  const claire = await staffOf('conseillere@banque-exemple.fr');
  const asStaff = (p: StaffPrincipal): CommunityActor & { kind: 'staff' } => ({ kind: 'staff', staff: p });

  // Members: clients of the bank (each chooses a pseudonym, never their name) and one prospect.
  const clients = await deps.database.db
    .selectFrom('clients')
    .select(['id', 'first_name', 'last_name', 'email', 'advisor_id'])
    .where('bank_id', '=', deps.bankId)
    .where('email', 'is not', null)
    .where(
      'email',
      'not in',
      DEMO_MEMBERS.flatMap((m) => (m.email ? [m.email] : [])),
    )
    .orderBy('email')
    .limit(DEMO_MEMBERS.length)
    .execute();
  const members = new Map<string, Member>();
  let nextClient = 0;
  for (const spec of DEMO_MEMBERS) {
    const client = spec.email
      ? await deps.database.db
          .selectFrom('clients')
          .select(['id', 'first_name', 'last_name', 'email', 'advisor_id'])
          .where('bank_id', '=', deps.bankId)
          .where('email', '=', spec.email)
          .executeTakeFirst()
      : clients[nextClient++];
    if (!client) continue;
    const principal = {
      clientId: client.id,
      bankId: deps.bankId,
      firstName: client.first_name,
      lastName: client.last_name,
      email: client.email ?? '',
      advisorId: client.advisor_id,
      csrfToken: '',
      sessionId: '',
      reauthenticatedAt: now,
    } satisfies ClientPrincipal;
    const member = await joinAsClient(deps, principal, spec.pseudonym);
    if (spec.trust > 0) await setTrustLevel(deps, ines, member.id, spec.trust);
    if (spec.ambassador) await setAmbassador(deps, ines, member.id, true);
    members.set(spec.pseudonym, (await findMember(deps.database.db, deps.bankId, { id: member.id }))!);
  }
  // A prospect: not a client, a community account confirmed by e-mail.
  await signUpProspect(deps, deps.bankId, DEMO_PROSPECT);
  const link = await deps.database.db
    .selectFrom('outgoing_mail')
    .select(['text_body'])
    .where('to_address', '=', DEMO_PROSPECT.email)
    .executeTakeFirst();
  const token = link?.text_body.match(/verification\/([A-Za-z0-9_-]+)/)?.[1];
  if (token) await verifyProspectEmail(deps, deps.bankId, token);
  const prospect = await deps.database.db
    .selectFrom('community_members')
    .select(['id'])
    .where('pseudonym', '=', 'FuturClient_Nantes')
    .executeTakeFirst();
  if (prospect) {
    await setTrustLevel(deps, ines, prospect.id, 1);
    members.set('FuturClient_Nantes', (await findMember(deps.database.db, deps.bankId, { id: prospect.id }))!);
  }
  const as = (pseudonym: string): CommunityActor & { kind: 'member' } => {
    const member = members.get(pseudonym);
    if (!member) throw new Error(`demo member ${pseudonym} missing`);
    return { kind: 'member', member, via: 'client' };
  };

  // The forum: questions, answers (members and official advisors), accepted answers, votes.
  for (const topic of DEMO_FORUM) {
    const author = topic.author === 'staff' ? asStaff(claire) : as(topic.author);
    const { topicId, outcome } = await createTopic(
      deps,
      author,
      { categorySlug: topic.category, title: topic.title, body: topic.body, kind: topic.kind },
      { now: at(topic.hoursAgo) },
    );
    const postIds: string[] = [outcome.post.id];
    for (const [i, reply] of topic.replies.entries()) {
      const writer = reply.author === 'staff' ? asStaff(reply.staff === 'ines' ? ines : claire) : as(reply.author);
      const written = await replyToTopic(deps, writer, topicId, { body: reply.body }, { now: at(topic.hoursAgo - (i + 1) * 0.7) });
      postIds.push(written.post.id);
      for (const voter of reply.votes ?? []) await votePost(deps, as(voter), written.post.id, true).catch(() => undefined);
    }
    if (topic.accepted !== undefined && postIds[topic.accepted])
      await acceptAnswer(deps, author, topicId, postIds[topic.accepted] as string);
  }

  // Ideas at every status, with official responses; a duplicate merged with its votes.
  const ideaIds = new Map<string, string>();
  for (const idea of DEMO_IDEAS) {
    const { topicId } = await proposeIdea(deps, as(idea.author), { title: idea.title, body: idea.body }, { now: at(idea.hoursAgo) });
    ideaIds.set(idea.key, topicId);
    for (const voter of idea.voters) await voteIdea(deps, as(voter), topicId, true).catch(() => undefined);
    for (const [i, step] of idea.steps.entries()) {
      await changeIdeaStatus(
        deps,
        ines,
        topicId,
        {
          status: step.status,
          response: step.response,
          ...(step.mergeInto ? { mergeIntoId: ideaIds.get(step.mergeInto) } : {}),
          ...(step.whatChanged ? { whatChanged: step.whatChanged } : {}),
        },
        { now: at(idea.hoursAgo - (i + 1) * 24) },
      );
    }
    for (const comment of idea.comments ?? [])
      await replyToTopic(deps, as(comment.author), topicId, { body: comment.body }, { now: at(idea.hoursAgo - 2) });
  }

  // Groups: one open, one by invitation, an announcement pushed to the second.
  await createGroup(deps, ines, {
    name: 'Jeunes actifs',
    description: 'Premier salaire, premier budget, premiers placements.',
    kind: 'segment',
    visibility: 'open',
  });
  await createGroup(deps, ines, {
    name: 'Primo-accédants',
    description: 'Votre premier achat immobilier : apport, PTZ, assurance emprunteur. Sur invitation de votre conseiller.',
    kind: 'segment',
    visibility: 'invitation',
  });
  for (const pseudonym of ['Julie_Lyon', 'Sam_Bordeaux', 'Nina_Lille']) {
    await inviteToGroup(deps, ines, 'primo-accedants', pseudonym).catch(() => undefined);
    await joinGroup(deps, as(pseudonym), 'primo-accedants', true).catch(() => undefined);
  }
  for (const pseudonym of ['Leo_Rennes', 'Nina_Lille', 'FuturClient_Nantes'])
    await joinGroup(deps, as(pseudonym), 'jeunes-actifs', true).catch(() => undefined);
  await announceToGroup(
    deps,
    ines,
    'primo-accedants',
    {
      title: 'Salon virtuel de l’immobilier : posez vos questions dès maintenant',
      body: 'Nos conseillers crédit répondront en direct jeudi. Inscrivez-vous depuis la page **Événements** : le lien du direct vous sera envoyé, et vous pouvez déjà déposer vos questions.',
    },
    { now: at(20) },
  );

  // An upcoming event with registrations and questions already upvoted.
  const startsAt = new Date(now.getTime() + 3 * 24 * HOUR);
  startsAt.setUTCHours(16, 0, 0, 0);
  const { id: eventId } = await createEvent(deps, ines, {
    title: 'Salon virtuel de l’immobilier',
    description:
      'Une heure en direct avec nos conseillers crédit : **apport**, **prêt à taux zéro**, **assurance emprunteur**, calendrier d’un premier achat. Posez vos questions à l’avance et votez pour celles des autres : nous répondons d’abord aux plus demandées.',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
    streamUrl: 'https://live.banque-exemple.fr/salon-immobilier',
  });
  for (const pseudonym of ['Julie_Lyon', 'Sam_Bordeaux', 'Nina_Lille', 'Leo_Rennes', 'FuturClient_Nantes'])
    await registerForEvent(deps, as(pseudonym), eventId, true);
  const q1 = await askQuestion(
    deps,
    as('Sam_Bordeaux'),
    eventId,
    'Quel apport minimum faut-il prévoir pour un premier achat à 250 000 € ?',
  );
  const q2 = await askQuestion(deps, as('Nina_Lille'), eventId, 'Peut-on cumuler le prêt à taux zéro avec un prêt Action Logement ?');
  await askQuestion(deps, as('FuturClient_Nantes'), eventId, 'Faut-il déjà être client de la banque pour obtenir un rendez-vous crédit ?');
  for (const voter of ['Julie_Lyon', 'Leo_Rennes', 'FuturClient_Nantes']) await voteQuestion(deps, as(voter), q2.id, true);
  await voteQuestion(deps, as('Julie_Lyon'), q1.id, true);
  return { seeded: true };
}
