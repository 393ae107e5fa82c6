import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAgora, type TestAgora } from '../../platform/testing/test-agora.ts';

// Demo and test mode wire both stores to the fakes Agora starts itself, with generated keys.
describe('Google Play and App Store in demo mode', () => {
  let agora: TestAgora;
  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite' });
  });
  afterAll(async () => agora?.stop());

  it('connects both stores to their fakes, which accept the generated keys', async () => {
    expect(agora.deps.connectors.get('google_play')?.poll).toBeTypeOf('function');
    expect(agora.deps.connectors.get('app_store')?.poll).toBeTypeOf('function');
    const play = agora.fakes?.googlePlay;
    const apple = agora.fakes?.appStore;
    if (!play || !apple) throw new Error('store fakes not started');
    await agora.pollers?.pollNow('google_play');
    await agora.pollers?.pollNow('app_store');

    const playReview = play.addReview({ authorName: 'Jeanne', text: 'Virement instantané\tEnfin disponible, merci !', starRating: 5 });
    const appleReview = apple.addReview({ reviewerNickname: 'Marc', title: 'Bug', body: 'Face ID ne marche plus', rating: 1 });
    expect(await agora.pollers?.pollNow('google_play')).toBe(1);
    expect(await agora.pollers?.pollNow('app_store')).toBe(1);
    await agora.drain();

    const rows = await agora.deps.database.db
      .selectFrom('conversations')
      .select(['channel', 'thread_key', 'kind'])
      .where('channel', 'in', ['google_play', 'app_store'])
      .orderBy('channel')
      .execute();
    expect(rows).toEqual([
      { channel: 'app_store', thread_key: appleReview, kind: 'public' },
      { channel: 'google_play', thread_key: playReview, kind: 'public' },
    ]);
    const cursors = await agora.deps.database.db
      .selectFrom('poll_cursors')
      .select(['platform', 'last_error'])
      .where('platform', 'in', ['google_play', 'app_store'])
      .execute();
    expect(cursors.map((c) => c.last_error)).toEqual([null, null]);
  });
});
