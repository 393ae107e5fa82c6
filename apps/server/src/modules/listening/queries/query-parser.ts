/**
 * The listening query language, as Brandwatch and Meltwater users write it:
 *
 *   "Banque Exemple" OR #BanqueExemple OR @banque_exemple
 *   (appli OR application) AND (panne OR bug) NOT "offre d'emploi"
 *   banq* -recrutement lang:fr
 *
 * - words match whole words, case- and accent-insensitively (`credit` finds « Crédit »);
 *   a trailing `*` matches any word that starts so (`banq*`);
 * - "quoted phrases" match consecutive words;
 * - `#tag` matches the hashtag, `@handle` the handle (mention or author);
 * - `lang:fr`, `channel:x` (or `source:rss`) restrict by the item's reading and origin;
 * - AND (or ET), OR (or OU), NOT (or SAUF, or a leading `-`), parentheses; words side by side are
 *   joined by AND; NOT binds tighter than AND, AND tighter than OR.
 */
export type QueryNode =
  | { type: 'word'; value: string; prefix: boolean }
  | { type: 'phrase'; words: string[] }
  | { type: 'hashtag'; value: string }
  | { type: 'handle'; value: string }
  | { type: 'field'; field: 'lang' | 'channel'; value: string }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode };

export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}

export const MAX_QUERY_LENGTH = 2000;

/** Lower case, no accents, ligatures opened: the form both queries and texts are compared in. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase();
}

/** Words of a folded text: letters and digits; an apostrophe or a hyphen separates words. */
export function wordsOf(folded: string): string[] {
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

type Token =
  | { kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not'; at: number }
  | { kind: 'term'; node: QueryNode; at: number; negated: boolean };

const OPERATORS: Record<string, 'and' | 'or' | 'not'> = { AND: 'and', ET: 'and', OR: 'or', OU: 'or', NOT: 'not', SAUF: 'not' };
const FIELDS: Record<string, 'lang' | 'channel'> = {
  lang: 'lang',
  langue: 'lang',
  channel: 'channel',
  canal: 'channel',
  source: 'channel',
};

function termNode(raw: string, at: number): QueryNode {
  if (raw.startsWith('#')) {
    const value = fold(raw.slice(1)).replace(/[^\p{L}\p{N}_]/gu, '');
    if (!value) throw new QuerySyntaxError('Hashtag vide', at);
    return { type: 'hashtag', value };
  }
  if (raw.startsWith('@')) {
    const value = fold(raw.slice(1)).replace(/[^\p{L}\p{N}_.]/gu, '');
    if (!value) throw new QuerySyntaxError('Compte (@) vide', at);
    return { type: 'handle', value };
  }
  const field = /^([a-z]+):(.+)$/i.exec(raw);
  if (field && FIELDS[field[1]!.toLowerCase()]) {
    return { type: 'field', field: FIELDS[field[1]!.toLowerCase()]!, value: fold(field[2]!) };
  }
  const prefix = raw.endsWith('*');
  const words = wordsOf(fold(prefix ? raw.slice(0, -1) : raw));
  if (words.length === 0) throw new QuerySyntaxError(`Terme sans lettre ni chiffre : « ${raw} »`, at);
  if (words.length > 1) return { type: 'phrase', words };
  if (prefix && words[0]!.length < 3) throw new QuerySyntaxError('Un préfixe avec * doit avoir au moins 3 lettres', at);
  return { type: 'word', value: words[0]!, prefix };
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', at: i });
      i++;
      continue;
    }
    let negated = false;
    let start = i;
    if (c === '-' && i + 1 < input.length && !/\s/.test(input[i + 1]!)) {
      negated = true;
      i++;
      start = i;
    }
    const q = input[i];
    if (q === '"' || q === '«' || q === '“') {
      const close = q === '"' ? '"' : q === '«' ? '»' : '”';
      const end = input.indexOf(close, i + 1);
      if (end < 0) throw new QuerySyntaxError('Guillemet non fermé', i);
      const words = wordsOf(fold(input.slice(i + 1, end)));
      if (words.length === 0) throw new QuerySyntaxError('Expression entre guillemets vide', i);
      tokens.push({
        kind: 'term',
        node: words.length === 1 ? { type: 'word', value: words[0]!, prefix: false } : { type: 'phrase', words },
        at: start,
        negated,
      });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < input.length && !/[\s()"«“]/.test(input[j]!)) j++;
    const raw = input.slice(i, j);
    const op = OPERATORS[raw];
    if (op && !negated) tokens.push({ kind: op, at: start });
    else tokens.push({ kind: 'term', node: termNode(raw, start), at: start, negated });
    i = j;
  }
  return tokens;
}

/** Parses a query; throws QuerySyntaxError with a French message and the position at fault. */
export function parseQuery(input: string): QueryNode {
  if (input.length > MAX_QUERY_LENGTH) throw new QuerySyntaxError(`La requête dépasse ${MAX_QUERY_LENGTH} caractères`, MAX_QUERY_LENGTH);
  const tokens = tokenize(input);
  if (tokens.length === 0) throw new QuerySyntaxError('La requête est vide', 0);
  let pos = 0;
  const peek = () => tokens[pos];

  const parseOr = (): QueryNode => {
    const children = [parseAnd()];
    while (peek()?.kind === 'or') {
      pos++;
      children.push(parseAnd());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  };
  const parseAnd = (): QueryNode => {
    const children = [parseUnary()];
    for (;;) {
      const t = peek();
      if (!t || t.kind === 'or' || t.kind === 'rparen') break;
      if (t.kind === 'and') pos++;
      children.push(parseUnary());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  };
  const parseUnary = (): QueryNode => {
    const t = peek();
    if (!t) throw new QuerySyntaxError('La requête se termine par un opérateur', input.length);
    if (t.kind === 'not') {
      pos++;
      return { type: 'not', child: parseUnary() };
    }
    if (t.kind === 'lparen') {
      pos++;
      const inner = parseOr();
      if (peek()?.kind !== 'rparen') throw new QuerySyntaxError('Parenthèse non fermée', t.at);
      pos++;
      return inner;
    }
    if (t.kind === 'term') {
      pos++;
      return t.negated ? { type: 'not', child: t.node } : t.node;
    }
    throw new QuerySyntaxError(t.kind === 'rparen' ? 'Parenthèse fermante en trop' : `Opérateur ${t.kind.toUpperCase()} mal placé`, t.at);
  };

  const tree = parseOr();
  if (pos < tokens.length) throw new QuerySyntaxError('Parenthèse fermante en trop', tokens[pos]!.at);
  if (!hasPositive(tree)) throw new QuerySyntaxError('La requête ne cherche rien : il lui faut au moins un terme non exclu', 0);
  return tree;
}

/** A query made only of exclusions would match almost everything. */
function hasPositive(node: QueryNode): boolean {
  switch (node.type) {
    case 'not':
      return false;
    case 'field':
      return false;
    case 'and':
      return node.children.some(hasPositive);
    case 'or':
      return node.children.every(hasPositive);
    default:
      return true;
  }
}

/** The words a query looks for (not the excluded ones): left out of its "top terms". */
export function positiveWords(node: QueryNode, negated = false): string[] {
  switch (node.type) {
    case 'word':
    case 'hashtag':
    case 'handle':
      return negated ? [] : [node.value];
    case 'phrase':
      return negated ? [] : node.words;
    case 'field':
      return [];
    case 'not':
      return positiveWords(node.child, !negated);
    default:
      return node.children.flatMap((c) => positiveWords(c, negated));
  }
}
