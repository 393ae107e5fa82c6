import type { ListeningQuery } from '@agora/contracts/listening.schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, agoraTargets, startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';
import { type StaffClient, signInOverHttp } from '../../platform/testing/test-client.ts';

const PASSWORD = 'mot-de-passe-du-test-42';

async function until<T>(probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`jamais atteint : ${what}`);
}

/** The X filtered stream's rules follow the listening queries while Agora runs (no restart). */
describe.each(agoraTargets())('X stream rules follow the queries on $name', ({ name }) => {
  let agora: TestAgora;
  let cm: StaffClient;

  beforeAll(async () => {
    agora = await startTestAgora({ database: name });
    await addStaff(agora, {
      email: 'cm@test.fr',
      password: PASSWORD,
      displayName: 'Inès Garnier',
      firstName: 'Inès',
      role: 'community_manager',
    });
    cm = await signInOverHttp(agora.url, 'cm@test.fr', PASSWORD);
  });
  afterAll(async () => {
    await agora?.stop();
  });

  it('adds a competitor’s rule, replaces it when edited and removes it when deleted, through the rules API', async () => {
    const fake = agora.fakes!.x;
    await until(() => fake.connectedStreams() > 0, 'stream connecté');
    const suffix = ` -is:retweet -from:${agora.config.X_ACCOUNT_ID}`;
    const values = () => fake.streamRules.map((r) => r.value);
    const brandRule = `"Banque Exemple"${suffix}`;
    expect(values()).toContain(brandRule);

    const created = await cm.request<ListeningQuery>('POST', '/api/listening/queries', {
      name: 'Banque Rivale',
      kind: 'competitor',
      expression: '"Banque Rivale" OR #BanqueRivale',
    });
    expect(created.status).toBe(201);
    // Written in X's syntax as the parser reads it (folded: X matches case-insensitively anyway).
    const first = `("banque rivale" OR #banquerivale)${suffix}`;
    await until(() => values().includes(first), 'règle du concurrent ajoutée');
    const tag = fake.streamRules.find((r) => r.value === first)!.tag;
    expect(tag).toBe(`agora:q:${created.body.id.slice(0, 8)}`);

    const edited = await cm.request('PUT', `/api/listening/queries/${created.body.id}`, {
      name: 'Banque Rivale',
      kind: 'competitor',
      expression: '"Banque Rivale" -recrutement',
      sensitivity: 'balanced',
      active: true,
    });
    expect(edited.status).toBe(200);
    const second = `("banque rivale" -recrutement)${suffix}`;
    await until(() => values().includes(second) && !values().includes(first), 'règle du concurrent remplacée');
    // The stream was not reconnected for it, and the bank's own rule stayed.
    expect(fake.connectedStreams()).toBe(1);
    expect(values()).toContain(brandRule);

    expect((await cm.request('DELETE', `/api/listening/queries/${created.body.id}`)).status).toBe(204);
    await until(() => !values().includes(second), 'règle du concurrent retirée');
    expect(values().filter((v) => v === brandRule)).toHaveLength(1);
  });
});
