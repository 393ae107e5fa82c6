import type { MatchDocument } from '../queries/query-matcher.ts';

// Words too common to say what a wave is about (folded: no accents), French and English.
const STOPWORDS = new Set(
  `a ai aie ait alors au aucun aussi autre aux avec avez avoir avons bon c ca car ce ceci cela celle celles celui ces cet cette chez ci comme comment d dans de des deja depuis dire dit dois doit donc dont du elle elles en encore est et etaient etait ete etre eu fait faire faut fois hier ici il ils j je jour jours juste l la le les leur leurs lui m ma mais me meme mes moi moins mon n ne ni non nos notre nous on ont ou par parce pas peu peut plus pour pourquoi quand que quel quelle quels qui quoi rien s sa sans se ses si son sont sous suis sur t ta te tes toi ton tous tout toute toutes tres tu un une vais vos votre vous vu y
  about after all also am an and any are as at be been but by can could did do does for from had has have he her his how i if in into is it its just me my no not now of on one or our out so than that the their them then there they this to too up us was we were what when which who why will with would you your
  bonjour merci svp stp rt via cc http https www com fr amp quelqu vraiment bien faite fait faites encore toujours depuis matin soir aujourd hui chose trop tres plus moins ils elles avoir etre peux peut pouvez veux voudrais merci bonsoir salut chez leur leurs votre vos notre nos franchement`.split(
    /\s+/,
  ),
);

/** Terms counted per document: enough for what a post is about, bounded for the rollups' sake. */
export const MAX_TERMS_PER_DOCUMENT = 12;

/**
 * The distinct terms of a document worth counting: hashtags and words of 3 letters or more that
 * are not stop words, numbers, or the query's own words. At most MAX_TERMS_PER_DOCUMENT.
 */
export function termsOf(doc: MatchDocument, ownWords: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const tag of doc.hashtags) if (!ownWords.has(tag)) out.add(`#${tag}`);
  for (const w of doc.wordSet) {
    if (out.size >= MAX_TERMS_PER_DOCUMENT) break;
    if (w.length < 3 || STOPWORDS.has(w) || ownWords.has(w) || /^\d+$/.test(w) || doc.hashtags.has(w)) continue;
    out.add(w);
  }
  return [...out];
}
