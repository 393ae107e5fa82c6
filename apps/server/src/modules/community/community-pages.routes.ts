import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { escapeHtml, excerptOf } from '../../platform/text.ts';
import type { CommunityActor } from './community-actor.ts';
import { ideaHtml, type PageMeta, projectsHtml, RULES_HTML, renderDocument, topicHtml, topicListHtml } from './community-pages.render.ts';
import { getTopicView, listCategories, listTopics } from './forum-read.ts';
import { getIdea, ideaUrl, listIdeas, projectsReport } from './ideas.service.ts';
import { plainTextOf } from './post-content.ts';

const ANONYMOUS: CommunityActor = { kind: 'anonymous' };
const SITE = 'Banque Exemple';

/**
 * The community's public pages, rendered on the server (URL space /communaute/…): a proper
 * <title>, meta description, Open Graph, canonical URL and structured data, readable with
 * JavaScript off; with JavaScript on, the same URL becomes the web app. Public on purpose: they
 * show what anyone may read (published topics outside members-only groups), as an anonymous
 * reader sees it — sessions are not even read here.
 */
export async function registerCommunityPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const abs = (p: string) => `${deps.config.publicUrl}${p}`;
  const send = (reply: FastifyReply, meta: PageMeta, body: string, status = 200) =>
    reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'public, max-age=60')
      .send(renderDocument(meta, body, SITE));
  const notFoundPage = (reply: FastifyReply) =>
    send(
      reply,
      {
        title: 'Page introuvable',
        description: 'Ce contenu n’existe pas ou n’est pas public.',
        canonical: abs('/communaute'),
        noindex: true,
      },
      '<h1>Page introuvable</h1><p>Ce sujet n’existe pas, a été retiré, ou est réservé aux membres d’un groupe.</p><p><a href="/communaute">Retour au forum</a></p>',
      404,
    );

  app.get('/communaute', async (_request, reply) => {
    const [categories, topics] = await Promise.all([listCategories(deps, ANONYMOUS), listTopics(deps, ANONYMOUS, { limit: 30 })]);
    const body = `<h1>La communauté ${SITE}</h1><p>Posez vos questions, partagez vos astuces : les membres et nos conseillers officiels vous répondent.</p>
<h2>Catégories</h2><ul class="list">${categories
      .filter((c) => c.kind === 'forum')
      .map(
        (c) =>
          `<li><a href="/communaute/c/${escapeHtml(c.slug)}"><strong>${escapeHtml(c.name)}</strong></a> <span class="meta">· ${c.topicCount} sujets</span><br><span class="meta">${escapeHtml(c.description)}</span></li>`,
      )
      .join('')}</ul>
<h2>Derniers sujets</h2>${topicListHtml(topics)}`;
    return send(
      reply,
      {
        title: 'Communauté',
        description: `Le forum d’entraide des clients de ${SITE} : comptes, crédit immobilier, épargne, appli mobile.`,
        canonical: abs('/communaute'),
      },
      body,
    );
  });

  app.get('/communaute/c/:slug', async (request, reply) => {
    const { slug } = z.object({ slug: z.string().max(80) }).parse(request.params);
    const category = (await listCategories(deps, ANONYMOUS)).find((c) => c.slug === slug && c.kind === 'forum');
    if (!category) return notFoundPage(reply);
    const topics = await listTopics(deps, ANONYMOUS, { categorySlug: slug, limit: 50 });
    return send(
      reply,
      {
        title: category.name,
        description: category.description || `Sujets de la catégorie ${category.name}.`,
        canonical: abs(`/communaute/c/${slug}`),
      },
      `<p class="crumbs"><a href="/communaute">Communauté</a></p><h1>${escapeHtml(category.name)}</h1><p>${escapeHtml(category.description)}</p>${topicListHtml(topics)}`,
    );
  });

  app.get('/communaute/t/:slug/:id', async (request, reply) => {
    const params = z.object({ slug: z.string().max(100), id: z.string().uuid() }).safeParse(request.params);
    if (!params.success) return notFoundPage(reply);
    let topic: Awaited<ReturnType<typeof getTopicView>>;
    try {
      topic = await getTopicView(deps, ANONYMOUS, params.data.id);
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not_found') return notFoundPage(reply);
      throw error;
    }
    // One URL per topic: an old or mistyped slug redirects to the canonical one.
    if (params.data.slug !== topic.slug) return reply.redirect(topic.url, 301);
    if (topic.kind === 'idea') return reply.redirect(ideaUrl(topic.id), 301);
    const first = topic.posts[0];
    const accepted = topic.posts.find((p) => p.accepted);
    const jsonLd =
      topic.kind === 'question' && first
        ? {
            '@context': 'https://schema.org',
            '@type': 'QAPage',
            mainEntity: {
              '@type': 'Question',
              name: topic.title,
              text: plainTextOf(first.html),
              answerCount: topic.replyCount,
              dateCreated: topic.createdAt,
              author: { '@type': 'Person', name: topic.author.name },
              ...(accepted
                ? {
                    acceptedAnswer: {
                      '@type': 'Answer',
                      text: plainTextOf(accepted.html),
                      upvoteCount: accepted.voteCount,
                      url: abs(`${topic.url}#message-${accepted.number}`),
                      author: { '@type': 'Person', name: accepted.author.name },
                    },
                  }
                : {}),
            },
          }
        : undefined;
    return send(
      reply,
      { title: topic.title, description: excerptOf(topic.excerpt || topic.title, 160), canonical: abs(topic.url), type: 'article', jsonLd },
      topicHtml(topic),
    );
  });

  app.get('/communaute/idees', async (_request, reply) => {
    const ideas = await listIdeas(deps, ANONYMOUS);
    const body = `<h1>Idées</h1><p>Proposez une idée, votez pour celles des autres : la banque répond officiellement à chacune. <a href="/communaute/de-vos-idees-a-nos-projets">De vos idées à nos projets</a>.</p>
<ul class="list">${ideas
      .filter((i) => i.status !== 'already_exists')
      .map(
        (i) =>
          `<li><a href="${escapeHtml(i.url)}"><strong>${escapeHtml(i.title)}</strong></a> <span class="meta">· ${i.voteCount} votes</span><br><span class="meta">${escapeHtml(i.excerpt)}</span></li>`,
      )
      .join('')}</ul>`;
    return send(
      reply,
      {
        title: 'Idées',
        description: `Les idées des clients de ${SITE}, leurs votes et les réponses de la banque.`,
        canonical: abs('/communaute/idees'),
      },
      body,
    );
  });

  app.get('/communaute/idees/:id', async (request, reply) => {
    const params = z.object({ id: z.string().uuid() }).safeParse(request.params);
    if (!params.success) return notFoundPage(reply);
    try {
      const [idea, topic] = await Promise.all([getIdea(deps, ANONYMOUS, params.data.id), getTopicView(deps, ANONYMOUS, params.data.id)]);
      return send(
        reply,
        { title: idea.title, description: excerptOf(idea.excerpt || idea.title, 160), canonical: abs(idea.url), type: 'article' },
        ideaHtml(
          idea,
          topic.posts.filter((p) => p.number > 1),
        ),
      );
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not_found') return notFoundPage(reply);
      throw error;
    }
  });

  app.get('/communaute/de-vos-idees-a-nos-projets', async (_request, reply) => {
    const report = await projectsReport(deps);
    return send(
      reply,
      {
        title: 'De vos idées à nos projets',
        description: `${report.contributions.ideas} idées de clients, ${report.launched.length} lancées : ce qui a changé grâce à la communauté.`,
        canonical: abs('/communaute/de-vos-idees-a-nos-projets'),
      },
      projectsHtml(report),
    );
  });

  app.get('/communaute/regles', async (_request, reply) =>
    send(
      reply,
      {
        title: 'Règles de la communauté',
        description: 'Les avis défavorables ne sont jamais supprimés ; insultes et données personnelles sont retenues.',
        canonical: abs('/communaute/regles'),
      },
      RULES_HTML,
    ),
  );

  // For search engines: public topics, ideas and pages (members-only groups never appear).
  app.get('/sitemap.xml', async (_request, reply) => {
    const [topics, ideas, categories] = await Promise.all([
      listTopics(deps, ANONYMOUS, { limit: 200, publicOnly: true }),
      listIdeas(deps, ANONYMOUS),
      listCategories(deps, ANONYMOUS),
    ]);
    const urls = [
      { loc: '/communaute', lastmod: topics[0]?.lastPostedAt },
      { loc: '/communaute/idees' },
      { loc: '/communaute/de-vos-idees-a-nos-projets' },
      { loc: '/communaute/regles' },
      ...categories.filter((c) => c.kind === 'forum').map((c) => ({ loc: `/communaute/c/${c.slug}` })),
      ...topics.map((t) => ({ loc: t.url, lastmod: t.lastPostedAt })),
      ...ideas.filter((i) => i.status !== 'already_exists').map((i) => ({ loc: i.url, lastmod: i.createdAt })),
    ];
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls
      .map((u) => `<url><loc>${escapeHtml(abs(u.loc))}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</url>`)
      .join('\n')}\n</urlset>\n`;
    return reply.header('content-type', 'application/xml; charset=utf-8').send(xml);
  });

  // Only the community is for search engines; the workstation and the secure space are not.
  app.get('/robots.txt', async (_request, reply) =>
    reply
      .header('content-type', 'text/plain; charset=utf-8')
      .send(`User-agent: *\nAllow: /communaute\nDisallow: /\nSitemap: ${abs('/sitemap.xml')}\n`),
  );
}
