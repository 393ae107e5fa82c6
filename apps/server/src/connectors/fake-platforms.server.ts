import Fastify, { type FastifyInstance } from 'fastify';
import { type AppStoreFakeControl, type AppStoreFakeOptions, registerAppStoreFake } from './app-store/app-store.fake-server.ts';
import { type GooglePlayFakeControl, type GooglePlayFakeOptions, registerGooglePlayFake } from './google-play/google-play.fake-server.ts';
import { type MetaFakeControl, type MetaFakeOptions, registerMetaFake } from './meta/meta.fake-server.ts';
import { registerTrustpilotFake, type TrustpilotFakeControl, type TrustpilotFakeOptions } from './trustpilot/trustpilot.fake-server.ts';
import { registerXFake, type XFakeControl, type XFakeOptions } from './x/x.fake-server.ts';

export interface FakePlatformsOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  meta: MetaFakeOptions;
  x: XFakeOptions;
  /** Google Play under `/google-play`, its OAuth token endpoint under `/google-oauth/token`. */
  googlePlay?: GooglePlayFakeOptions;
  /** App Store Connect under `/app-store`. */
  appStore?: AppStoreFakeOptions;
  trustpilot?: TrustpilotFakeOptions;
  /**
   * Extra routes on the same server, such as the simulator's demo media CDN (`/cdn/<name>`):
   * connectors may not import tools/, so the caller plugs them in.
   */
  extend?: (app: FastifyInstance) => void;
}

export interface FakePlatforms {
  /** Base URL; Meta's Graph lives under `${url}/meta`, X's API under `${url}/x`. */
  url: string;
  meta: MetaFakeControl;
  x: XFakeControl;
  /** Present when the Google Play fake was started. */
  googlePlay: GooglePlayFakeControl | null;
  /** Present when the App Store Connect fake was started. */
  appStore: AppStoreFakeControl | null;
  /** Present when the Trustpilot fake was started (under `${url}/trustpilot`). */
  trustpilot: TrustpilotFakeControl | null;
  close(): Promise<void>;
}

/** The credentials Agora is configured with, which the Meta and X stand-ins check. */
export function metaAndXFakeOptions(config: {
  META_PAGE_ACCESS_TOKEN: string;
  META_PAGE_ID: string;
  META_INSTAGRAM_ID: string;
  X_CONSUMER_KEY: string;
  X_CONSUMER_SECRET: string;
  X_ACCESS_TOKEN: string;
  X_ACCESS_TOKEN_SECRET: string;
  X_BEARER_TOKEN?: string;
}): Pick<FakePlatformsOptions, 'meta' | 'x'> {
  return {
    meta: { pageAccessToken: config.META_PAGE_ACCESS_TOKEN, pageId: config.META_PAGE_ID, instagramId: config.META_INSTAGRAM_ID },
    x: {
      consumerKey: config.X_CONSUMER_KEY,
      consumerSecret: config.X_CONSUMER_SECRET,
      accessToken: config.X_ACCESS_TOKEN,
      accessTokenSecret: config.X_ACCESS_TOKEN_SECRET,
      bearerToken: config.X_BEARER_TOKEN,
    },
  };
}

/**
 * Local stand-ins for Meta and X on their own Fastify instance, apart from Agora's, so the demo
 * and the tests talk to "the platforms" over real HTTP without ever reaching the network.
 */
export async function startFakePlatforms(options: FakePlatformsOptions): Promise<FakePlatforms> {
  const host = options.host ?? '127.0.0.1';
  // Hung requests (failNext hang) must not keep close() waiting.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const meta = registerMetaFake(app, options.meta);
  const x = registerXFake(app, options.x);
  const googlePlay = options.googlePlay ? registerGooglePlayFake(app, options.googlePlay) : null;
  const appStore = options.appStore ? registerAppStoreFake(app, options.appStore) : null;
  const trustpilot = options.trustpilot ? registerTrustpilotFake(app, options.trustpilot) : null;
  options.extend?.(app);
  await app.listen({ port: options.port, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    meta,
    x,
    googlePlay,
    appStore,
    trustpilot,
    close: () => app.close(),
  };
}
