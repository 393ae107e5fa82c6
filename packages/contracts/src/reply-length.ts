/**
 * How long a reply is for the platform that receives it. X weighs a post: every URL counts 23
 * characters whatever its length, and characters outside the Latin, punctuation and general
 * symbol ranges (CJK, emoji…) count 2 (twitter-text v3 "weighted length"). Everything else counts
 * characters as a person sees them (code points).
 */
const URL_PATTERN = /https?:\/\/[^\s]+|(?:www\.)[^\s]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|fr|net|org|io|eu|co|be|ch|app)(?:\/[^\s]*)?/gi;
const X_URL_WEIGHT = 23;

// twitter-text v3 ranges weighing 1 (the rest weighs 2).
const LIGHT_RANGES: [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

function weightOf(codePoint: number): number {
  return LIGHT_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to) ? 1 : 2;
}

export function replyLength(text: string, counting: 'characters' | 'x-weighted'): number {
  if (counting === 'characters') return [...text].length;
  let length = 0;
  const withoutUrls = text.replace(URL_PATTERN, (url) => {
    length += X_URL_WEIGHT;
    return url.length > 0 ? '' : url;
  });
  // Text is NFC-normalised by X before counting.
  for (const char of withoutUrls.normalize('NFC')) length += weightOf(char.codePointAt(0) ?? 0);
  return length;
}
