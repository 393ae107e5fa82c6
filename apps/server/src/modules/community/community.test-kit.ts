import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { buildTestDeps, buildTestServer, type SignedIn, signIn, type TestDeps } from '../../platform/testing/test-app.ts';
import { buildActiveClient, signInClient } from '../../platform/testing/test-clients.ts';
import { registerClientRoutes } from '../clients/clients.routes.ts';
import { registerStaffRoutes } from '../staff/staff.routes.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { registerCommunity } from './community.register.ts';

export interface CommunityTestKit {
  deps: TestDeps;
  app: FastifyInstance;
  /** A client of the secure space who joined the community with `pseudonym`; headers for their requests. */
  member(pseudonym: string): Promise<{ headers: Record<string, string>; memberId: string; clientId: string }>;
  staff(role: 'community_manager' | 'agent' | 'admin', firstName?: string): Promise<SignedIn & { userId: string }>;
  setTrust(memberId: string, level: number): Promise<void>;
  close(): Promise<void>;
}

let staffCounter = 0;

/** The community's API over a fresh test bank: staff, client and community routes, as main.ts registers them. */
export async function startCommunityKit(
  database: Database,
  overrides: Parameters<typeof buildTestDeps>[1] = {},
): Promise<CommunityTestKit> {
  const deps = await buildTestDeps(database, overrides);
  const app = await buildTestServer(deps, async (a) => {
    await registerStaffRoutes(a, deps);
    await registerClientRoutes(a, deps);
    await registerCommunity(a, deps);
  });
  return {
    deps,
    app,
    async member(pseudonym) {
      const client = await buildActiveClient(database, deps.bankId, { firstName: 'Camille' });
      const session = await signInClient(app, client);
      const joined = await app.inject({ method: 'POST', url: '/api/community/join', headers: session.headers, payload: { pseudonym } });
      if (joined.statusCode !== 200) throw new Error(`join failed: ${joined.body}`);
      const me = (await app.inject({ method: 'GET', url: '/api/community/me', headers: session.headers })).json() as {
        member: { id: string };
      };
      return { headers: session.headers, memberId: me.member.id, clientId: client.clientId };
    },
    async staff(role, firstName = 'Claire') {
      const email = `staff${++staffCounter}-${deps.bankId.slice(0, 6)}@banque.test`;
      const user = await createStaffUser(deps, {
        email,
        password: 'mot de passe du personnel',
        displayName: `${firstName} Test`,
        firstName,
        role,
        teamIds: [deps.testBank.teamIds[0]],
      });
      return { ...(await signIn(app, email, 'mot de passe du personnel')), userId: user.id };
    },
    async setTrust(memberId, level) {
      await database.db
        .updateTable('community_members')
        .set({ trust_level: level, trust_level_manual: true })
        .where('id', '=', memberId)
        .execute();
    },
    async close() {
      await app.close();
    },
  };
}
