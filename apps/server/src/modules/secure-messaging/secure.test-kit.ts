import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { buildTestDeps, buildTestServer, type SignedIn, signIn, type TestDeps } from '../../platform/testing/test-app.ts';
import { buildActiveClient, signInClient, type TestClient } from '../../platform/testing/test-clients.ts';
import { registerClient360Routes } from '../clients/client-360.routes.ts';
import { registerClientRoutes } from '../clients/clients.routes.ts';
import { registerStaffRoutes } from '../staff/staff.routes.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import { registerSecureMessagingRoutes } from './secure.routes.ts';

const PASSWORD = 'mot de passe du personnel';

/** Julie and Marc (clients), Nora (Julie's advisor, advisors' team), Karim (Marc's, no team), Ines (social care agent), Sophie (supervisor), Alex (admin). */
export type Who = 'julie' | 'marc' | 'nora' | 'karim' | 'ines' | 'sophie' | 'alex';

export interface SecureWorld {
  database: Database;
  deps: TestDeps;
  app: FastifyInstance;
  staffIds: Record<string, string>;
  julie: TestClient;
  marc: TestClient;
  /** One HTTP call as `who` (signed in, same origin, CSRF token), or anonymous with `null`. */
  call<T>(
    who: Who | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: object | Buffer,
    extra?: Record<string, string>,
  ): Promise<{ status: number; body: T; raw: Awaited<ReturnType<FastifyInstance['inject']>> }>;
  close(): Promise<void>;
}

/** A bank with the people above, signed in, and the routes secure messaging needs. */
export async function startSecureWorld(open: () => Promise<Database>): Promise<SecureWorld> {
  const database = await open();
  const deps = await buildTestDeps(database);
  const app = await buildTestServer(deps, async (a) => {
    await registerStaffRoutes(a, deps);
    await registerClientRoutes(a, deps);
    await registerClient360Routes(a, deps);
    await registerSecureMessagingRoutes(a, deps);
  });
  const sessions = {} as Record<Who, SignedIn>;
  const staffIds: Record<string, string> = {};
  const staffPerson = async (who: Who, role: 'advisor' | 'agent' | 'supervisor' | 'admin', teamIds: string[]) => {
    const email = `${who}@banque.test`;
    const user = await createStaffUser(deps, { email, password: PASSWORD, displayName: `Test ${who}`, firstName: who, role, teamIds });
    staffIds[who] = user.id;
    sessions[who] = await signIn(app, email, PASSWORD);
  };
  const [social, advisors] = deps.testBank.teamIds;
  await staffPerson('nora', 'advisor', [advisors]);
  await staffPerson('karim', 'advisor', []);
  await staffPerson('ines', 'agent', [social]);
  await staffPerson('sophie', 'supervisor', []);
  await staffPerson('alex', 'admin', []);
  const julie = await buildActiveClient(database, deps.bankId, { advisorId: staffIds.nora, firstName: 'Julie', lastName: 'Moreau' });
  const marc = await buildActiveClient(database, deps.bankId, { advisorId: staffIds.karim, firstName: 'Marc', lastName: 'Lefebvre' });
  sessions.julie = await signInClient(app, julie);
  sessions.marc = await signInClient(app, marc);

  return {
    database,
    deps,
    app,
    staffIds,
    julie,
    marc,
    async call(who, method, url, payload, extra = {}) {
      const headers: Record<string, string> = { ...(who ? sessions[who].headers : { origin: 'http://agora.test' }), ...extra };
      const response = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      const isJson = (response.headers['content-type'] ?? '').toString().includes('json');
      return { status: response.statusCode, body: (isJson && response.body ? response.json() : null) as never, raw: response };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
