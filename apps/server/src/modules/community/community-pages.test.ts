import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { TEST_PUBLIC_URL } from '../../platform/testing/test-app.ts';
import { openPGliteTestDatabase } from '../../platform/testing/test-database.ts';
import { type CommunityTestKit, startCommunityKit } from './community.test-kit.ts';

/** Public topics are server-rendered for readers without JavaScript and for search engines. */
describe('server-rendered community pages', () => {
  let database: Database;
  let kit: CommunityTestKit;
  let topicUrl: string;

  beforeAll(async () => {
    database = await openPGliteTestDatabase();
    kit = await startCommunityKit(database);
    const asker = await kit.member('Question_publique');
    await kit.setTrust(asker.memberId, 1);
    const helper = await kit.member('Reponse_utile');
    await kit.setTrust(helper.memberId, 1);
    const created = await kit.app.inject({
      method: 'POST',
      url: '/api/community/topics',
      headers: asker.headers,
      payload: {
        categorySlug: 'epargne',
        title: 'Livret A ou LDDS : lequel ouvrir en premier ?',
        body: 'J’ai 3 000 € de côté, **lequel** choisir ?',
        kind: 'question',
      },
    });
    const { topicId } = created.json();
    const answer = await kit.app.inject({
      method: 'POST',
      url: `/api/community/topics/${topicId}/posts`,
      headers: helper.headers,
      payload: { body: 'Les deux ont le même taux : commencez par le Livret A.' },
    });
    await kit.app.inject({
      method: 'PUT',
      url: `/api/community/topics/${topicId}/accepted`,
      headers: asker.headers,
      payload: { postId: answer.json().post.id },
    });
    topicUrl = (await kit.app.inject({ method: 'GET', url: `/api/community/topics/${topicId}` })).json().url;
    // A members-only group topic never shows up in public.
    const cm = await kit.staff('community_manager');
    await kit.app.inject({
      method: 'POST',
      url: '/api/community/groups',
      headers: cm.headers,
      payload: { name: 'Jeunes actifs', visibility: 'open' },
    });
    await kit.app.inject({
      method: 'POST',
      url: '/api/community/groups/jeunes-actifs/announcements',
      headers: cm.headers,
      payload: { title: 'Annonce réservée au groupe', body: 'Pour les membres seulement.' },
    });
  });
  afterAll(async () => {
    await kit?.close();
    await database?.close();
  });

  it('renders a topic with title, description, Open Graph, canonical and structured data, without any session', async () => {
    const page = await kit.app.inject({ method: 'GET', url: topicUrl });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const html = page.body;
    expect(html).toContain('<title>Livret A ou LDDS : lequel ouvrir en premier ? · Banque Exemple</title>');
    expect(html).toMatch(/<meta name="description" content="J’ai 3 000 € de côté, lequel choisir \?">/);
    expect(html).toContain(`<link rel="canonical" href="${TEST_PUBLIC_URL}${topicUrl}">`);
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('"@type":"QAPage"');
    expect(html).toContain('"acceptedAnswer"');
    expect(html).toContain('<strong>lequel</strong>');
    expect(html).toContain('Réponse acceptée');
    expect(html).toContain('Reponse_utile');
  });

  it('redirects an old slug to the canonical URL and answers 404 for what is not public', async () => {
    const id = topicUrl.split('/').pop();
    const moved = await kit.app.inject({ method: 'GET', url: `/communaute/t/ancien-titre/${id}` });
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe(topicUrl);
    const missing = await kit.app.inject({ method: 'GET', url: '/communaute/t/x/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('noindex');
  });

  it('lists public topics in the sitemap, never group topics, and keeps the rest of the site out of robots', async () => {
    const sitemap = await kit.app.inject({ method: 'GET', url: '/sitemap.xml' });
    expect(sitemap.headers['content-type']).toContain('application/xml');
    expect(sitemap.body).toContain(`<loc>${TEST_PUBLIC_URL}${topicUrl}</loc>`);
    expect(sitemap.body).not.toContain('annonce-reservee');
    const home = await kit.app.inject({ method: 'GET', url: '/communaute' });
    expect(home.body).not.toContain('Annonce réservée');
    const robots = await kit.app.inject({ method: 'GET', url: '/robots.txt' });
    expect(robots.body).toContain('Allow: /communaute');
    expect(robots.body).toContain(`Sitemap: ${TEST_PUBLIC_URL}/sitemap.xml`);
  });

  it('says on the rules page that unfavourable opinions are never removed', async () => {
    const rules = await kit.app.inject({ method: 'GET', url: '/communaute/regles' });
    expect(rules.body).toContain("Nous ne supprimons jamais un avis parce qu'il est défavorable.");
  });
});
