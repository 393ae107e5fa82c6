import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommunityAuthor, IdeaView, ProjectsReport, TopicListItem, TopicView } from '@agora/contracts/community.schema.ts';
import { escapeHtml } from '../../platform/text.ts';
import { IDEA_STATUS_LABELS } from './ideas.service.ts';

const WEB_INDEX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../web/dist/index.html');
let cachedAssets: { mtimeMs: number; tags: string } | null = null;

/** The web app's script and style tags, so the same URL becomes the interactive app when JavaScript runs. */
function spaAssets(): string {
  if (!existsSync(WEB_INDEX)) return '';
  const mtimeMs = statSync(WEB_INDEX).mtimeMs;
  if (cachedAssets?.mtimeMs === mtimeMs) return cachedAssets.tags;
  const html = readFileSync(WEB_INDEX, 'utf8');
  const tags = [...html.matchAll(/<script\b[^>]*\bsrc="[^"]+"[^>]*><\/script>|<link\b[^>]*rel="(?:stylesheet|modulepreload|icon)"[^>]*>/g)]
    .map((m) => m[0])
    .join('\n');
  cachedAssets = { mtimeMs, tags };
  return tags;
}

export interface PageMeta {
  title: string;
  description: string;
  /** Absolute URL of the page (canonical, og:url). */
  canonical: string;
  type?: 'website' | 'article';
  /** Structured data (schema.org), e.g. a QAPage. */
  jsonLd?: unknown;
  noindex?: boolean;
}

const STYLE = `
.ssr{font-family:Inter,"Segoe UI",system-ui,-apple-system,Roboto,Arial,sans-serif;color:#1b1f24;max-width:880px;margin:0 auto;padding:0 16px 48px;line-height:1.55}
.ssr header{display:flex;justify-content:space-between;align-items:center;gap:12px;flex-wrap:wrap;padding:16px 0;border-bottom:1px solid #dde3ea;margin-bottom:16px}
.ssr header a.brand{font-weight:700;color:#15426f;text-decoration:none;font-size:1.1rem}
.ssr nav a{margin-right:14px;color:#1c4f8c}
.ssr a{color:#1c4f8c}
.ssr h1{font-size:1.6rem;line-height:1.25;margin:8px 0 4px}
.ssr .meta{color:#5c6670;font-size:.9rem}
.ssr .crumbs{font-size:.9rem;color:#5c6670}
.ssr article{border:1px solid #dde3ea;border-radius:10px;padding:14px 16px;margin:12px 0;background:#fff}
.ssr article.accepted{border-color:#2f9e44;box-shadow:0 0 0 1px #2f9e44}
.ssr .author{font-weight:600}
.ssr .badge{display:inline-block;font-size:.75rem;font-weight:600;border-radius:999px;padding:1px 8px;margin-left:6px;background:#eaf2fb;color:#15426f}
.ssr .badge.staff{background:#15426f;color:#fff}
.ssr .badge.ambassador{background:#fff3bf;color:#7a5a00}
.ssr .badge.ok{background:#d3f9d8;color:#1b5e20}
.ssr blockquote{border-left:3px solid #a6c1e4;margin:8px 0;padding:2px 12px;color:#3d4650}
.ssr img{max-width:100%;height:auto}
.ssr ul.list{list-style:none;padding:0}
.ssr ul.list li{border-bottom:1px solid #eef1f4;padding:10px 0}
.ssr .cta{display:inline-block;background:#1c4f8c;color:#fff;padding:8px 14px;border-radius:8px;text-decoration:none;margin:8px 0}
.ssr footer{margin-top:32px;border-top:1px solid #dde3ea;padding-top:12px;font-size:.85rem;color:#5c6670}
`;

/** The whole document: head for search engines and link previews, content readable without JavaScript. */
export function renderDocument(meta: PageMeta, body: string, siteName: string): string {
  const jsonLd = meta.jsonLd ? `<script type="application/ld+json">${JSON.stringify(meta.jsonLd).replace(/</g, '\\u003c')}</script>` : '';
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(meta.title)} · ${escapeHtml(siteName)}</title>
<meta name="description" content="${escapeHtml(meta.description)}">
<link rel="canonical" href="${escapeHtml(meta.canonical)}">
${meta.noindex ? '<meta name="robots" content="noindex">' : ''}
<meta property="og:type" content="${meta.type ?? 'website'}">
<meta property="og:title" content="${escapeHtml(meta.title)}">
<meta property="og:description" content="${escapeHtml(meta.description)}">
<meta property="og:url" content="${escapeHtml(meta.canonical)}">
<meta property="og:site_name" content="${escapeHtml(siteName)}">
<meta property="og:locale" content="fr_FR">
<meta name="twitter:card" content="summary">
${jsonLd}
${spaAssets()}
<style>${STYLE}</style>
</head>
<body>
<div id="root"><div class="ssr" data-ssr="community">
<header><a class="brand" href="/communaute">${escapeHtml(siteName)} · Communauté</a>
<nav><a href="/communaute">Forum</a><a href="/communaute/idees">Idées</a><a href="/communaute/de-vos-idees-a-nos-projets">De vos idées à nos projets</a><a href="/communaute/regles">Règles</a><a href="/communaute/connexion">Se connecter</a></nav></header>
<main>${body}</main>
<footer>Forum public de ${escapeHtml(siteName)} : les membres s'y entraident ; les conseillers officiels y répondent avec leur prénom. Ne publiez jamais vos numéros de compte, de carte ou vos codes : écrivez à votre conseiller depuis votre <a href="/espace">espace sécurisé</a>.</footer>
</div></div>
</body>
</html>`;
}

const fmtDate = (iso: string) =>
  new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });

export function authorHtml(author: CommunityAuthor): string {
  const name = `<span class="author">${escapeHtml(author.name)}</span>`;
  if (author.kind === 'staff') return `${name}<span class="badge staff">Conseiller officiel</span>`;
  return `${name}${author.isAmbassador ? '<span class="badge ambassador">Ambassadeur</span>' : ''}`;
}

export function topicListHtml(topics: TopicListItem[]): string {
  if (!topics.length) return '<p class="meta">Aucun sujet pour le moment.</p>';
  return `<ul class="list">${topics
    .map(
      (t) =>
        `<li><a href="${escapeHtml(t.url)}"><strong>${escapeHtml(t.title)}</strong></a>${t.solved ? '<span class="badge ok">Résolu</span>' : ''}<br><span class="meta">${escapeHtml(t.category.name)} · ${authorHtml(t.author)} · ${t.replyCount} réponse${t.replyCount > 1 ? 's' : ''} · ${fmtDate(t.lastPostedAt)}</span><br><span class="meta">${escapeHtml(t.excerpt)}</span></li>`,
    )
    .join('')}</ul>`;
}

/** A topic as readers and search engines see it; post bodies are the stored, allow-listed HTML. */
export function topicHtml(topic: TopicView): string {
  const posts = topic.posts
    .map(
      (p) => `<article id="message-${p.number}" class="${p.accepted ? 'accepted' : ''}">
<div class="meta">${authorHtml(p.author)} · <time datetime="${p.createdAt}">${fmtDate(p.createdAt)}</time>${p.accepted ? '<span class="badge ok">Réponse acceptée</span>' : ''}${p.voteCount ? ` · ${p.voteCount} vote${p.voteCount > 1 ? 's' : ''} utile${p.voteCount > 1 ? 's' : ''}` : ''}</div>
<div class="body">${p.html}</div>
</article>`,
    )
    .join('\n');
  return `<p class="crumbs"><a href="/communaute">Communauté</a> › <a href="/communaute/c/${escapeHtml(topic.category.slug)}">${escapeHtml(topic.category.name)}</a></p>
<h1>${escapeHtml(topic.title)}</h1>
<p class="meta">${topic.kind === 'question' ? (topic.solved ? 'Question résolue' : 'Question') : 'Discussion'} · ${topic.replyCount} réponse${topic.replyCount > 1 ? 's' : ''}</p>
${posts}
<a class="cta" href="/communaute/connexion?retour=${encodeURIComponent(topic.url)}">Se connecter pour répondre</a>`;
}

export function ideaHtml(idea: IdeaView, comments: TopicView['posts']): string {
  return `<p class="crumbs"><a href="/communaute/idees">Idées</a></p>
<h1>${escapeHtml(idea.title)}</h1>
<p class="meta"><span class="badge">${IDEA_STATUS_LABELS[idea.status]}</span> · ${idea.voteCount} vote${idea.voteCount > 1 ? 's' : ''} · proposée par ${authorHtml(idea.author)} le ${fmtDate(idea.createdAt)}</p>
<article>${idea.html}</article>
${idea.history
  .map(
    (h) =>
      `<article><div class="meta"><span class="author">${escapeHtml(h.staffName)}</span><span class="badge staff">Conseiller officiel</span> · ${IDEA_STATUS_LABELS[h.to]} · ${fmtDate(h.at)}</div>${h.responseHtml}</article>`,
  )
  .join('')}
${comments.map((c) => `<article><div class="meta">${authorHtml(c.author)} · ${fmtDate(c.createdAt)}</div>${c.html}</article>`).join('')}`;
}

export function projectsHtml(report: ProjectsReport): string {
  const c = report.contributions;
  return `<h1>De vos idées à nos projets</h1>
<p>${c.ideas} idées proposées, ${c.comments} commentaires et ${c.votes} votes de ${c.members} membres. Chaque idée reçoit une réponse officielle à chaque étape.</p>
<h2>Idées lancées : ce qui a changé</h2>
${report.launched.length ? `<ul class="list">${report.launched.map((l) => `<li><a href="${escapeHtml(l.url)}"><strong>${escapeHtml(l.title)}</strong></a> <span class="meta">· ${l.voteCount} votes${l.launchedAt ? ` · lancée le ${fmtDate(l.launchedAt)}` : ''}</span><br>${escapeHtml(l.whatChanged ?? '')}</li>`).join('')}</ul>` : '<p class="meta">Pas encore d’idée lancée.</p>'}
<h2>En préparation</h2>
<ul class="list">${report.planned.map((p) => `<li><a href="${escapeHtml(p.url)}">${escapeHtml(p.title)}</a> <span class="badge">${IDEA_STATUS_LABELS[p.status]}</span> <span class="meta">${p.voteCount} votes</span></li>`).join('')}</ul>`;
}

export const RULES_HTML = `<h1>Les règles de la communauté</h1>
<p>Ce forum est un espace d'entraide entre clients et futurs clients de la banque. Des conseillers officiels y répondent, identifiés par leur prénom et la mention « Conseiller officiel ».</p>
<h2>Vos avis, même défavorables, restent publiés</h2>
<p><strong>Nous ne supprimons jamais un avis parce qu'il est défavorable.</strong> Critiques, mécontentements et questions vives sont les bienvenus : nous répondons à tout besoin d'explication.</p>
<h2>Ce qui est retenu, et pourquoi</h2>
<ul><li><strong>Les insultes</strong> : un message insultant est retenu automatiquement, avec la raison ; vous pouvez le reformuler.</li>
<li><strong>Les données personnelles</strong> : IBAN, numéros de carte ou de compte, e-mail, téléphone, numéro de sécurité sociale sont masqués dès la publication, et nous vous expliquons pourquoi. Pour parler de vos comptes, écrivez à votre conseiller depuis votre espace sécurisé.</li>
<li><strong>Les contenus illicites et le spam</strong>.</li></ul>
<h2>Confiance et entraide</h2>
<p>Les premiers messages des nouveaux membres sont relus avant publication, et leurs liens sont limités. En participant, vous gagnez des niveaux de confiance qui ouvrent de nouvelles possibilités : signaler un message, améliorer les messages wiki. Les ambassadeurs, désignés par la banque, portent un badge visible.</p>
<p>Votre pseudonyme est le seul nom affiché : jamais votre nom complet, sauf si vous le choisissez.</p>`;
