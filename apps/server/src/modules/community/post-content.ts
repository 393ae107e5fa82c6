import { analyze, mask, type PiiSpan, type PiiType } from '@agora/nlu/analyze.ts';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** Where a post's images live: our own uploads only (no tracking pixels, no hot-linking). */
export const UPLOAD_PATH = '/communaute/fichiers/';
export const memberUrl = (pseudonym: string) => `/communaute/u/${encodeURIComponent(pseudonym)}`;

/**
 * What is masked at once in a public post (rule 3): bank and identity data. Amounts and birth
 * dates alone are not: "12 € de frais" must stay readable.
 */
const MASKED: ReadonlySet<PiiType> = new Set(['iban', 'card_number', 'account_number', 'email', 'phone', 'fr_nir', 'secret_code']);

export const PII_LABELS: Record<string, string> = {
  iban: 'un IBAN',
  card_number: 'un numéro de carte',
  account_number: 'un numéro de compte',
  email: 'une adresse e-mail',
  phone: 'un numéro de téléphone',
  fr_nir: 'un numéro de sécurité sociale',
  secret_code: 'un code secret',
};

const MENTION = /(^|[^\p{L}\p{N}_@])@([\p{L}\p{N}][\p{L}\p{N}_.-]{1,29})/gu;

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
// Headings inside a post sit below the topic's title.
md.disable(['table', 'heading', 'lheading']);

// @mentions become links to the member's page (text outside code and links only).
md.core.ruler.push('mentions', (state) => {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: typeof block.children = [];
    let inLink = 0;
    for (const token of block.children) {
      if (token.type === 'link_open') inLink++;
      if (token.type === 'link_close') inLink--;
      if (token.type !== 'text' || inLink > 0 || !token.content.includes('@')) {
        out.push(token);
        continue;
      }
      let last = 0;
      for (const m of token.content.matchAll(MENTION)) {
        const at = (m.index ?? 0) + (m[1]?.length ?? 0);
        const name = m[2] as string;
        if (at > last) out.push(Object.assign(new state.Token('text', '', 0), { content: token.content.slice(last, at) }));
        const open = new state.Token('link_open', 'a', 1);
        open.attrs = [
          ['href', memberUrl(name)],
          ['class', 'mention'],
        ];
        out.push(open, Object.assign(new state.Token('text', '', 0), { content: `@${name}` }), new state.Token('link_close', 'a', -1));
        last = at + name.length + 1;
      }
      if (last < token.content.length) out.push(Object.assign(new state.Token('text', '', 0), { content: token.content.slice(last) }));
    }
    block.children = out;
  }
});

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'hr'],
  allowedAttributes: { a: ['href', 'class', 'rel', 'target'], img: ['src', 'alt', 'title', 'loading'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  allowedClasses: { a: ['mention'] },
  transformTags: {
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      if (href.startsWith('/')) {
        const internal: Record<string, string> = { href };
        if (attribs.class) internal.class = attribs.class;
        return { tagName, attribs: internal };
      }
      // Links members post are theirs, not the bank's: no ranking credit, no opener access.
      return { tagName, attribs: { href, rel: 'nofollow ugc noopener noreferrer', target: '_blank' } };
    },
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } }),
  },
  // Only our own uploads are shown; any other image is dropped.
  exclusiveFilter: (frame) => frame.tag === 'img' && !(frame.attribs.src ?? '').startsWith(UPLOAD_PATH),
};

/** Markdown to the HTML we store and serve: rendered without raw HTML, then allow-listed. */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(md.render(markdown), SANITIZE).trim();
}

export interface PreparedContent {
  /** The text as stored: personal data already masked. */
  markdown: string;
  html: string;
  /** Plain text for search, excerpts and listening (masked). */
  plainText: string;
  maskedTypes: PiiType[];
  /** Set when the text insults someone: the reason, held for moderation (rule 4). */
  insult: string | null;
  /** External links and images, for the new members' limits. */
  links: number;
  images: number;
  /** Pseudonyms mentioned (@name), without the @. */
  mentions: string[];
}

function countLinksAndImages(markdown: string): { links: number; images: number } {
  let links = 0;
  let images = 0;
  const walk = (tokens: ReturnType<typeof md.parse>) => {
    for (const token of tokens) {
      if (token.type === 'link_open') {
        const href = String(token.attrGet('href') ?? '');
        if (!href.startsWith('/')) links++;
      }
      if (token.type === 'image') images++;
      if (token.children) walk(token.children);
    }
  };
  walk(md.parse(markdown, {}));
  return { links, images };
}

/** Text without Markdown or tags: for search vectors, meta descriptions, excerpts. */
export function plainTextOf(html: string): string {
  return sanitizeHtml(html.replace(/<\/(p|li|blockquote|pre)>|<br\s*\/?>/g, ' '), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Reads a member's text as the bank's rules require, before anything is stored: personal data
 * masked at once, insults detected (with the reason), links, images and mentions counted.
 */
export function prepareContent(raw: string): PreparedContent {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  const analysis = analyze(text, { channel: 'forum' });
  const spans: PiiSpan[] = analysis.pii.filter((s) => MASKED.has(s.type));
  const markdown = spans.length ? mask(text, spans) : text;
  const html = renderMarkdown(markdown);
  const mentions = [...new Set([...markdown.matchAll(MENTION)].map((m) => m[2] as string))];
  return {
    markdown,
    html,
    plainText: plainTextOf(html),
    maskedTypes: [...new Set(spans.map((s) => s.type))],
    insult: analysis.insult ? (analysis.insultReason ?? 'propos injurieux') : null,
    ...countLinksAndImages(markdown),
    mentions,
  };
}

/** The sentence that tells an author why their text was masked, and where to go instead. */
export function maskedNotice(types: readonly string[]): string {
  const what = types.map((t) => PII_LABELS[t] ?? 'une donnée personnelle').join(', ');
  return `Votre message contenait ${what} : nous l'avons masqué avant publication, car le forum est public. Pour toute question sur vos comptes, écrivez à votre conseiller depuis votre espace sécurisé.`;
}
