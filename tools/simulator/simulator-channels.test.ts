import { describe, expect, it } from 'vitest';
import { parseMetaWebhook } from '../../apps/server/src/connectors/meta/meta.webhook.ts';
import { parseTrustpilot, verifyTrustpilotBasicAuth } from '../../apps/server/src/connectors/trustpilot/trustpilot.webhook.ts';
import { parseXWebhook } from '../../apps/server/src/connectors/x/x.webhook.ts';
import { toneOf } from './review-corpus.ts';
import { createSimulator, type SimulatedChannel, type SimulatorFakes } from './simulator.ts';
import { signedHeaders, type WebhookPlatform } from './webhook-signer.ts';

const meta = { appSecret: 'meta-secret-for-tests-000', pageId: '104857600000001', instagramId: '17841400000000001' };
const x = { consumerSecret: 'x-secret-for-tests-00000', accountId: '1500000000000000001' };
const trustpilotSecret = 'trustpilot-webhook-secret-0001';

/** Fakes that record what the simulator asks of them, as the real fake servers' controls would. */
function recordingFakes() {
  const trustpilot: { id: string; stars: number; text: string; title: string }[] = [];
  const play: { id: string; text: string; starRating: number; edits: number }[] = [];
  const apple: { id: string; rating: number; body: string; title?: string }[] = [];
  const stream: { data: { id?: string; text: string; author_id: string }; includes?: unknown }[] = [];
  const playReplies: { reviewId: string }[] = [];
  const fakes: SimulatorFakes = {
    trustpilot: {
      addReview(review) {
        const id = `tp${trustpilot.length.toString(16).padStart(22, '0')}`;
        trustpilot.push({ id, ...review });
        return { id };
      },
    },
    googlePlay: {
      addReview(review) {
        const id = `gp:review-${play.length}`;
        play.push({ id, text: review.text, starRating: review.starRating, edits: 0 });
        return id;
      },
      editReview(reviewId, change) {
        const review = play.find((r) => r.id === reviewId);
        if (!review) throw new Error(`no review ${reviewId}`);
        Object.assign(review, change, { edits: review.edits + 1 });
      },
      replies: playReplies,
    },
    appStore: {
      addReview(review) {
        const id = `as-${apple.length}`;
        apple.push({ id, ...review });
        return id;
      },
    },
    x: {
      emit(post) {
        stream.push(post);
        return 1;
      },
    },
  };
  return { fakes, trustpilot, play, apple, stream, playReplies };
}

function capture(seed: number, fakes?: SimulatorFakes) {
  const sent: { platform: WebhookPlatform; raw: string; headers: Record<string, string> }[] = [];
  const simulator = createSimulator({
    baseUrl: 'http://127.0.0.1:9',
    mediaBaseUrl: 'http://127.0.0.1:3001',
    meta,
    x,
    seed,
    fakes,
    trustpilotMissedShare: 0.25,
    post: async (platform, raw) => {
      sent.push({
        platform,
        raw,
        headers: signedHeaders(platform, raw, {
          metaAppSecret: meta.appSecret,
          xConsumerSecret: x.consumerSecret,
          trustpilotWebhookSecret: trustpilotSecret,
        }),
      });
      return 200;
    },
  });
  return { simulator, sent };
}

const ALL_BUT_CHAT: SimulatedChannel[] = [
  'facebook',
  'messenger',
  'instagram',
  'instagram_dm',
  'x',
  'x_dm',
  'trustpilot',
  'google_play',
  'app_store',
];

describe('simulator channel mix', () => {
  it('covers every channel and every kind of event over 400 sends with a fixed seed', async () => {
    const recorded = recordingFakes();
    const { simulator, sent } = capture(7, recorded.fakes);
    const items = [];
    for (let i = 0; i < 400; i++) {
      // The bank answers some Play reviews, so edits find replied reviews as on a real Play Console.
      if (recorded.play.length > 0 && i % 50 === 0) recorded.playReplies.push({ reviewId: recorded.play[0]!.id });
      items.push(await simulator.sendOne());
    }
    expect(new Set(items.map((i) => i.channel))).toEqual(new Set(ALL_BUT_CHAT));
    expect(new Set(items.map((i) => i.move))).toEqual(
      new Set([...ALL_BUT_CHAT, 'x_stream', 'instagram_mention', 'facebook_delete', 'google_play_edit']),
    );
    expect(new Set(items.map((i) => i.itemId)).size).toBe(items.length);
    // The same seed plays the same traffic.
    const again = capture(7, recordingFakes().fakes);
    const replay = [];
    for (let i = 0; i < 50; i++) replay.push((await again.simulator.sendOne()).move);
    expect(replay).toEqual(items.slice(0, 50).map((i) => i.move));
    // A Play edit went to the review the bank had answered first.
    const edited = items.filter((i) => i.move === 'google_play_edit').map((i) => i.threadKey);
    expect(edited).toContain(recorded.play[0]!.id);
    // Some Trustpilot reviews never got a webhook: the sync must find them on the fake.
    const tp = items.filter((i) => i.channel === 'trustpilot');
    expect(tp.some((i) => i.webhookMissed)).toBe(true);
    expect(tp.some((i) => !i.webhookMissed)).toBe(true);
    expect(recorded.trustpilot.length).toBe(tp.length);
    expect(sent.filter((d) => d.platform === 'trustpilot').length).toBe(tp.filter((i) => !i.webhookMissed).length);
  });

  it('sends the live chat only when asked to, and social channels only without fakes', async () => {
    const { simulator } = capture(11);
    const channels = new Set<string>();
    for (let i = 0; i < 150; i++) channels.add((await simulator.sendOne()).channel);
    expect(channels).toEqual(new Set(['facebook', 'messenger', 'instagram', 'instagram_dm', 'x', 'x_dm']));
    await expect(simulator.sendOne({ channel: 'trustpilot' })).rejects.toThrow(/no fake platform/);
  });
});

describe('simulator payloads through the real connectors', () => {
  it('Trustpilot webhooks are authenticated and map to reviews with the stars and a matching text', async () => {
    const recorded = recordingFakes();
    const { simulator, sent } = capture(3, recorded.fakes);
    for (const stars of [1, 2, 3, 4, 5] as const) await simulator.sendOne({ channel: 'trustpilot', stars, missedWebhook: false });
    const deliveries = sent.filter((d) => d.platform === 'trustpilot');
    expect(deliveries).toHaveLength(5);
    for (const [index, delivery] of deliveries.entries()) {
      const rawBody = Buffer.from(delivery.raw, 'utf8');
      expect(verifyTrustpilotBasicAuth(trustpilotSecret, { headers: delivery.headers, rawBody, query: {} })).toBe(true);
      const [item] = parseTrustpilot(rawBody);
      const stored = recorded.trustpilot[index]!;
      expect(item).toMatchObject({ kind: 'message', channel: 'trustpilot', itemId: stored.id, rating: index + 1, title: stored.title });
      expect(item?.kind === 'message' && item.body).toBe(stored.text);
    }
    // Praise for five stars, complaints for one: the words follow the rating.
    const one = recorded.trustpilot[0]!;
    const five = recorded.trustpilot[4]!;
    expect(toneOf(one.stars)).toBe('bad');
    expect(`${one.title} ${one.text}`).not.toMatch(/recommande|bravo|excellent|top/i);
    expect(`${five.title} ${five.text}`).not.toMatch(/frais abusifs|injoignable|déplorable|perdu/i);
  });

  it('store reviews go to the fakes with stars matching their words', async () => {
    const recorded = recordingFakes();
    const { simulator } = capture(5, recorded.fakes);
    const items = [];
    for (let i = 0; i < 40; i++) items.push(await simulator.sendOne({ channel: i % 2 ? 'google_play' : 'app_store' }));
    expect(items.every((i) => i.status === 200 && typeof i.rating === 'number')).toBe(true);
    expect(recorded.play.map((r) => r.starRating)).toEqual(items.filter((i) => i.channel === 'google_play').map((i) => i.rating));
    expect(recorded.apple.map((r) => r.rating)).toEqual(items.filter((i) => i.channel === 'app_store').map((i) => i.rating));
    const words = [...recorded.play.map((r) => [r.starRating, r.text] as const), ...recorded.apple.map((r) => [r.rating, r.body] as const)];
    for (const [stars, text] of words) {
      if (stars === 5) expect(text).not.toMatch(/plante|impossible|crash|ne marche plus|échoue/i);
      if (stars === 1) expect(text).not.toMatch(/rien à redire|top|je recommande|great app/i);
    }
    // Reviews about the app, not the branch.
    expect(words.some(([, t]) => /face id|virement|connexion|connect|appli|app/i.test(t))).toBe(true);
  });

  it('stream posts, mentions and deletions parse as the X and Meta connectors expect', async () => {
    const recorded = recordingFakes();
    const { simulator, sent } = capture(9, recorded.fakes);
    for (let i = 0; i < 5; i++) await simulator.sendOne({ move: 'x_stream' });
    for (const post of recorded.stream) {
      const line = Buffer.from(JSON.stringify({ ...post, matching_rules: [{ id: '1', tag: 'agora:1' }] }));
      const [item] = parseXWebhook(line, x.accountId);
      expect(item).toMatchObject({ kind: 'message', channel: 'x', conversationKind: 'public', itemId: post.data.id });
      expect(post.data.text).toMatch(/Banque Exemple|#BanqueExemple/i);
      expect(post.data.text).not.toMatch(/@BanqueExemple/i);
    }

    await simulator.sendOne({ move: 'instagram_mention' });
    const [mention] = parseMetaWebhook(Buffer.from(sent.at(-1)!.raw), meta);
    expect(mention).toMatchObject({ kind: 'message', channel: 'instagram' });
    expect(mention?.kind === 'message' && mention.threadKey).toMatch(/^mention:/);

    const comment = await simulator.sendOne({ channel: 'facebook', pagePost: false, continueShare: 0 });
    const deletion = await simulator.sendOne({ move: 'facebook_delete' });
    expect(deletion.threadKey).toBe(comment.threadKey);
    const [update] = parseMetaWebhook(Buffer.from(sent.at(-1)!.raw), meta);
    expect(update).toMatchObject({ kind: 'update', channel: 'facebook', change: 'deleted', platformMessageId: comment.itemId });
  });

  it('a Play edit changes the review on the fake, stars and words together', async () => {
    const recorded = recordingFakes();
    const { simulator } = capture(13, recorded.fakes);
    await simulator.sendOne({ channel: 'google_play', stars: 1 });
    recorded.playReplies.push({ reviewId: recorded.play[0]!.id });
    const edit = await simulator.sendOne({ move: 'google_play_edit' });
    expect(edit).toMatchObject({ channel: 'google_play', threadKey: recorded.play[0]!.id });
    expect(recorded.play[0]).toMatchObject({ edits: 1, starRating: edit.rating });
    expect(recorded.play[0]!.text).toMatch(/Mise à jour|Édit/);
    // The added words agree with the new stars.
    expect(recorded.play[0]!.text).toMatch(edit.rating === 1 ? /toujours|encore/ : /réglé|corrigé|fonctionne/);
  });
});
