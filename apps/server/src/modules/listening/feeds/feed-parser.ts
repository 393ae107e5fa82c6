import { XMLParser } from 'fast-xml-parser';

/** One entry of a feed, whatever its dialect (RSS 2.0, RSS 1.0/RDF, Atom 1.0). */
export interface ParsedFeedEntry {
  /** guid, Atom id, or the link: what makes the entry the same across polls. */
  id: string;
  title: string | null;
  link: string | null;
  summary: string;
  author: string | null;
  publishedAt: string | null;
}
export interface ParsedFeed {
  title: string | null;
  entries: ParsedFeedEntry[];
}

export class FeedFormatError extends Error {}

const MAX_ENTRIES = 200;
const MAX_TEXT = 4000;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  // Entities of the XML spec only: no DOCTYPE expansion (billion laughs) from a hostile feed.
  processEntities: true,
  htmlEntities: true,
  trimValues: true,
  parseTagValue: false,
  isArray: (name) => ['item', 'entry', 'link', 'category', 'author'].includes(name),
});

type Node = Record<string, unknown> | string | undefined;

const text = (node: unknown): string | null => {
  if (node === undefined || node === null) return null;
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return text(node[0]);
  if (typeof node === 'object') {
    const t = (node as Record<string, unknown>)['#text'];
    return t === undefined ? null : String(t);
  }
  return null;
};

/** HTML of a description or content, as plain text: tags dropped, entities decoded, spaces folded. */
export function plainText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/[ \t\f\v]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim()
    .slice(0, MAX_TEXT);
}

const isoDate = (value: string | null): string | null => {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
};

function atomLink(links: unknown): string | null {
  const list = (Array.isArray(links) ? links : [links]) as Node[];
  const candidates = list.filter((l): l is Record<string, unknown> => typeof l === 'object' && l !== null);
  const alternate = candidates.find((l) => !l['@rel'] || l['@rel'] === 'alternate') ?? candidates[0];
  return alternate ? (text(alternate['@href']) ?? null) : (text(list[0]) ?? null);
}

function authorName(author: unknown): string | null {
  const first = Array.isArray(author) ? author[0] : author;
  if (first && typeof first === 'object' && 'name' in (first as object)) return text((first as Record<string, unknown>).name);
  return text(first);
}

/** Parses the body of a feed; throws FeedFormatError when it is not RSS nor Atom. */
export function parseFeed(xml: string): ParsedFeed {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new FeedFormatError(`XML illisible : ${(error as Error).message}`);
  }
  const rss = doc.rss as Record<string, unknown> | undefined;
  const rdf = doc['rdf:RDF'] as Record<string, unknown> | undefined;
  const atom = doc.feed as Record<string, unknown> | undefined;

  if (rss || rdf) {
    const channel = ((rss?.channel ?? rdf?.channel) as Record<string, unknown>) ?? {};
    const items = ((rss ? channel.item : rdf?.item) ?? []) as Record<string, unknown>[];
    return {
      title: text(channel.title),
      entries: items.slice(0, MAX_ENTRIES).flatMap((item) => {
        const link = text(item.link);
        const guid = text(item.guid) ?? text(item['@rdf:about']) ?? link;
        const title = text(item.title);
        const id = guid ?? title;
        if (!id) return [];
        const content = text(item['content:encoded']) ?? text(item.description) ?? '';
        return [
          {
            id,
            title: title ? plainText(title) : null,
            link,
            summary: plainText(content),
            author: text(item['dc:creator']) ?? authorName(item.author),
            publishedAt: isoDate(text(item.pubDate) ?? text(item['dc:date'])),
          },
        ];
      }),
    };
  }
  if (atom) {
    const entries = (atom.entry ?? []) as Record<string, unknown>[];
    return {
      title: text(atom.title),
      entries: entries.slice(0, MAX_ENTRIES).flatMap((entry) => {
        const link = atomLink(entry.link);
        const id = text(entry.id) ?? link;
        if (!id) return [];
        const title = text(entry.title);
        return [
          {
            id,
            title: title ? plainText(title) : null,
            link,
            summary: plainText(text(entry.summary) ?? text(entry.content) ?? ''),
            author: authorName(entry.author),
            publishedAt: isoDate(text(entry.published) ?? text(entry.updated)),
          },
        ];
      }),
    };
  }
  throw new FeedFormatError('Ni RSS ni Atom : élément racine inattendu');
}
