/**
 * How long a reply is for the platform that receives it. X weighs a post the way twitter-text v3
 * does (config v3: scale 100, default weight 200, transformedURLLength 23, emojiParsingEnabled):
 * the text is NFC-normalised; every URL counts 23 whatever its length; code points in the
 * Latin, general punctuation and symbol ranges below count 1 and every other one 2 (CJK…); an
 * emoji counts 2 however many code points it takes (skin tones, ZWJ families, flags, keycaps).
 * Everything else counts characters as a person sees them (code points).
 */
const URL_PATTERN = /https?:\/\/[^\s]+|(?:www\.)[^\s]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|fr|net|org|io|eu|co|be|ch|app)(?:\/[^\s]*)?/gi;
/** twitter-text leaves closing punctuation after a URL out of it: it counts as text. */
const URL_TRAILING_PUNCTUATION = /[.,;:!?'")\]»…]+$/;
const X_URL_WEIGHT = 23;

// twitter-text v2/v3 ranges weighing 1 (100 on its scale of 100); the rest weighs 2.
const LIGHT_RANGES: [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

// An emoji shown as a picture: presentation by default, a variation selector 16, a keycap, a
// flag (regional indicator pair) or a ZWJ sequence. A text-style character such as © alone is
// weighed as a code point, like twitter-text does.
const EMOJI_CLUSTER =
  /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\u20E3|\p{Regional_Indicator}|\p{Extended_Pictographic}\u200D/u;

const graphemes = new Intl.Segmenter('fr', { granularity: 'grapheme' });

function weightOf(codePoint: number): number {
  return LIGHT_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to) ? 1 : 2;
}

function weighedText(text: string): number {
  let length = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (EMOJI_CLUSTER.test(segment)) {
      length += 2;
      continue;
    }
    for (const char of segment) length += weightOf(char.codePointAt(0) ?? 0);
  }
  return length;
}

export function replyLength(text: string, counting: 'characters' | 'x-weighted'): number {
  if (counting === 'characters') return [...text].length;
  const normalised = text.normalize('NFC');
  let length = 0;
  const withoutUrls = normalised.replace(URL_PATTERN, (url) => {
    length += X_URL_WEIGHT;
    return URL_TRAILING_PUNCTUATION.exec(url)?.[0] ?? '';
  });
  return length + weighedText(withoutUrls);
}
