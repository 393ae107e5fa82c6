import { fold, parseQuery, positiveWords, type QueryNode, wordsOf } from './query-parser.ts';

/** A public item as the matcher sees it: its text once folded and cut into words. */
export interface MatchDocument {
  words: string[];
  wordSet: Set<string>;
  /** " w1 w2 … " : a phrase is a substring on word boundaries. */
  joined: string;
  hashtags: Set<string>;
  handles: Set<string>;
  language: string | null;
  channel: string;
}

export function prepareDocument(input: {
  text: string;
  language: string | null;
  channel: string;
  authorHandle?: string | null;
}): MatchDocument {
  const folded = fold(input.text);
  const words = wordsOf(folded);
  const hashtags = new Set<string>();
  const handles = new Set<string>();
  for (const m of folded.matchAll(/(^|[^\p{L}\p{N}_])#([\p{L}\p{N}_]+)/gu)) hashtags.add(m[2]!);
  for (const m of folded.matchAll(/(^|[^\p{L}\p{N}_])@([\p{L}\p{N}_.]+)/gu)) handles.add(m[2]!.replace(/\.$/, ''));
  if (input.authorHandle) handles.add(fold(input.authorHandle).replace(/^@/, ''));
  return {
    words,
    wordSet: new Set(words),
    joined: ` ${words.join(' ')} `,
    hashtags,
    handles,
    language: input.language,
    channel: input.channel,
  };
}

export function matches(node: QueryNode, doc: MatchDocument): boolean {
  switch (node.type) {
    case 'word':
      if (!node.prefix) return doc.wordSet.has(node.value);
      for (const w of doc.wordSet) if (w.startsWith(node.value)) return true;
      return false;
    case 'phrase':
      return doc.joined.includes(` ${node.words.join(' ')} `);
    case 'hashtag':
      return doc.hashtags.has(node.value);
    case 'handle':
      return doc.handles.has(node.value);
    case 'field':
      return node.field === 'lang' ? doc.language === node.value : doc.channel === node.value;
    case 'and':
      return node.children.every((c) => matches(c, doc));
    case 'or':
      return node.children.some((c) => matches(c, doc));
    case 'not':
      return !matches(node.child, doc);
  }
}

export interface CompiledQuery {
  id: string;
  kind: string;
  tree: QueryNode;
  /** The query's own words: never reported as a "top term" of its mentions. */
  ownWords: Set<string>;
}

export function compileQuery(q: { id: string; kind: string; expression: string }): CompiledQuery {
  const tree = parseQuery(q.expression);
  return { id: q.id, kind: q.kind, tree, ownWords: new Set(positiveWords(tree)) };
}

/** An exclusion at the top of the query (`… -recrutement`) that the document hits. */
export function vetoed(node: QueryNode, doc: MatchDocument): boolean {
  if (node.type === 'not') return matches(node.child, doc);
  if (node.type === 'and') return node.children.some((c) => c.type === 'not' && matches(c.child, doc));
  return false;
}

/**
 * The queries a document matches. An item addressed to the bank on its own pages is about the
 * bank whatever its words: it counts for every brand query whose exclusions it does not hit.
 */
export function matchingQueries(queries: readonly CompiledQuery[], doc: MatchDocument, addressedToBank = false): CompiledQuery[] {
  return queries.filter((q) => matches(q.tree, doc) || (addressedToBank && q.kind === 'brand' && !vetoed(q.tree, doc)));
}
