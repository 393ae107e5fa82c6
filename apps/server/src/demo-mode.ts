import { startListeningTraffic } from '../../../tools/simulator/listening-traffic.ts';
import { createSimulator } from '../../../tools/simulator/simulator.ts';
import { postWebhook, type WebhookPlatform } from '../../../tools/simulator/webhook-signer.ts';
import { seedDemoAppointments } from './modules/appointments/appointments-demo.seed.ts';
import { seedDemoCofinancing } from './modules/cofinancing/cofinancing-demo.seed.ts';
import { DEMO_PROSPECT, seedDemoCommunity } from './modules/community/community-demo.seed.ts';
import { DEMO_CLIENTS } from './modules/demo/demo-clients.ts';
import { DEMO_STAFF, listKnownSimulatorContacts, seedDemoBank } from './modules/demo/demo-seed.service.ts';
import { seedListeningDemo } from './modules/listening/listening-demo.service.ts';
import { seedSecureMessagingDemo } from './modules/secure-messaging/secure-demo.seed.ts';
import type { RunningAgora } from './server.ts';

/**
 * Demo mode: seeds "Banque Exemple" through the real webhooks, prints the logins on stdout (a
 * banner for the person who ran `npm start`, never through the logger), then keeps simulated
 * platform traffic flowing. Returns a function that stops the simulator.
 */
export async function startDemo(agora: RunningAgora): Promise<() => void> {
  const { config, url } = agora;
  const secrets = {
    meta: { appSecret: config.META_APP_SECRET, pageId: config.META_PAGE_ID, instagramId: config.META_INSTAGRAM_ID },
    x: { consumerSecret: config.X_CONSUMER_SECRET, accountId: config.X_ACCOUNT_ID },
  };
  const signing = {
    metaAppSecret: config.META_APP_SECRET,
    xConsumerSecret: config.X_CONSUMER_SECRET,
    trustpilotWebhookSecret: config.TRUSTPILOT_WEBHOOK_SECRET,
  };
  const local = `http://127.0.0.1:${new URL(url).port}`;
  // Reviews, stream posts and store edits go through the fake platforms Agora started for the demo.
  const fakes = agora.fakes
    ? { trustpilot: agora.fakes.trustpilot, googlePlay: agora.fakes.googlePlay, appStore: agora.fakes.appStore, x: agora.fakes.x }
    : undefined;
  const pollers = agora.pollers;
  if (config.AGORA_DEMO_SEED === 'on') {
    process.stdout.write('Préparation de la banque de démonstration…\n');
    const seeded = await seedDemoBank(agora.deps, {
      postWebhook: (platform: WebhookPlatform, body: string) => postWebhook(local, platform, body, signing),
      fakes,
      pollNow: pollers ? (platform) => pollers.pollNow(platform) : undefined,
      liveChatBaseUrl: local,
    });
    // Listening: queries, news feeds and thirty days of posts about the bank and two competitors.
    const x = agora.fakes?.x;
    if (seeded.seeded && agora.listening && agora.feedFake && agora.fakes && x) {
      for (let i = 0; i < 100 && x.connectedStreams() === 0; i++) await new Promise((r) => setTimeout(r, 50));
      const result = await seedListeningDemo(agora.deps, {
        emitStreamPost: (post) => x.emit(post),
        feedFake: agora.feedFake,
        fakesUrl: agora.fakes.url,
        listening: agora.listening,
      });
      agora.deps.logger.info(result, 'listening demo seeded');
    }
    // The community (forum, ideas, a group, an event), written through its own services.
    await seedDemoCommunity(agora.deps).catch((error) => agora.deps.logger.warn({ err: error }, 'demo community seed failed'));
    // Co-financing: projects raising, repaying, not funded and awaiting approval (modules/cofinancing).
    await seedDemoCofinancing(agora.deps).catch((error) => agora.deps.logger.warn({ err: error }, 'demo co-financing seed failed'));
    // Secure messaging: Julie Moreau's thread with her advisor, sealed like any other.
    await seedSecureMessagingDemo(agora.deps).catch((error) => agora.deps.logger.warn({ err: error }, 'demo secure messages seed failed'));
    // Branches, the demo advisors' weeks and a few appointments (one video room open at once).
    await seedDemoAppointments(agora.deps).catch((error) => agora.deps.logger.warn({ err: error }, 'demo appointments seed failed'));
  }
  printBanner(url, config.AGORA_SIMULATOR === 'on' ? config.AGORA_SIMULATOR_RATE : 0);
  if (config.AGORA_SIMULATOR !== 'on' || config.AGORA_SIMULATOR_RATE <= 0) return () => undefined;
  const simulator = createSimulator({
    baseUrl: local,
    mediaBaseUrl: agora.fakes?.url ?? local,
    ...secrets,
    trustpilotWebhookSecret: config.TRUSTPILOT_WEBHOOK_SECRET,
    fakes,
    liveChat: true,
    // Part of the live traffic comes from known clients: the advisors' team gets its share.
    contacts: await listKnownSimulatorContacts(agora.deps),
    seed: Date.now(),
    onError: (error) => agora.deps.logger.warn({ err: error }, 'simulated traffic failed'),
  });
  simulator.start(config.AGORA_SIMULATOR_RATE);
  const feedFake = agora.feedFake;
  const x = agora.fakes?.x;
  const stopListening =
    feedFake && x
      ? startListeningTraffic({
          emitStreamPost: (post) => x.emit(post),
          publishNews: (feed, item) => feedFake.publish(feed, [item]),
          postsPerMinute: config.AGORA_SIMULATOR_RATE,
        })
      : () => undefined;
  return () => {
    simulator.stop();
    stopListening();
  };
}

const ROLE_LABELS: Record<string, string> = {
  advisor: 'conseiller·ère',
  agent: 'agent du centre de contact',
  community_manager: 'community manager',
  supervisor: 'superviseur·e',
  compliance: 'conformité',
  admin: 'administrateur·rice',
};

function printBanner(url: string, rate: number) {
  const width = Math.max(...[...DEMO_STAFF, ...DEMO_CLIENTS].map((s) => s.email.length));
  const passwordWidth = Math.max(...[...DEMO_STAFF, ...DEMO_CLIENTS].map((s) => s.password.length));
  const lines = [
    '',
    '  Agora — banque de démonstration « Banque Exemple »',
    `  Ouvrez ${url}`,
    '',
    '  Comptes de démonstration (mode démo uniquement) :',
    ...DEMO_STAFF.map((s) => `    ${s.email.padEnd(width)}  ${s.password.padEnd(passwordWidth)}  ${ROLE_LABELS[s.role] ?? s.role}`),
    '',
    `  Espace client sécurisé : ${url}/espace (mot de passe + code à 6 chiffres) :`,
    ...DEMO_CLIENTS.map((c) => `    ${c.email.padEnd(width)}  ${c.password.padEnd(passwordWidth)}  ${c.firstName} ${c.lastName}`),
    `    codes de leur application d'authentification : ${url}/demo/authenticator`,
    `    e-mails envoyés par la banque (démo) : ${url}/demo/mail`,
    '',
    `  Communauté : ${url}/communaute (clients ci-dessus, ou un prospect : ${DEMO_PROSPECT.email}  ${DEMO_PROSPECT.password})`,
    `  Co-financement solidaire : ${url}/cofinancement`,
    '',
    rate > 0 ? `  Trafic simulé : ${rate} messages par minute (AGORA_SIMULATOR_RATE).` : '  Trafic simulé : arrêté (AGORA_SIMULATOR=off).',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
