// Personal-data detectors. Rule 3 of the trade: nothing confidential travels on a social network,
// so every inbound text is scanned in full (not truncated like classification) and each hit is
// checksum-validated where a checksum exists, to keep order numbers and amounts out.
// All patterns use bounded quantifiers over disjoint character classes: no catastrophic
// backtracking, time linear in the text length.

export type PiiType = 'iban' | 'card_number' | 'email' | 'phone' | 'fr_nir' | 'account_number' | 'secret_code' | 'birth_date' | 'balance';

/** A span of personal data: UTF-16 offsets into the text, end exclusive. */
export interface PiiSpan {
  type: PiiType;
  start: number;
  end: number;
}

// ---------- checksums ----------

/** ISO 13616 mod-97 on an IBAN without spaces (uppercase). */
export function isValidIban(compact: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const code = rearranged.charCodeAt(i);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

export function isValidLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** French NIR (15 chars incl. key). Corsica: 2A counts as 19, 2B as 18 for the key. */
export function isValidNir(compact: string): boolean {
  const m = /^([12])(\d{2})(\d{2})(\d{2}|2A|2B)(\d{3})(\d{3})(\d{2})$/i.exec(compact);
  if (!m) return false;
  const dept = (m[4] as string).toUpperCase();
  const deptDigits = dept === '2A' ? '19' : dept === '2B' ? '18' : dept;
  const body = `${m[1]}${m[2]}${m[3]}${deptDigits}${m[5]}${m[6]}`;
  const key = Number(m[7]);
  return 97 - (Number(body) % 97) === key;
}

// RIB letters count as digits: A/J=1, B/K/S=2, ... I/R/Z=9 (S starts at 2 in its series).
const RIB_LETTERS: Record<string, number> = {};
for (const [series, first] of [
  ['ABCDEFGHI', 1],
  ['JKLMNOPQR', 1],
  ['STUVWXYZ', 2],
] as const) {
  for (let i = 0; i < series.length; i++) RIB_LETTERS[series[i] as string] = first + i;
}

/** French RIB key: 97 - ((89 * bank + 15 * branch + 3 * account) mod 97), letters mapped to digits. */
export function isValidRib(bank: string, branch: string, account: string, key: string): boolean {
  const accountDigits = account
    .toUpperCase()
    .split('')
    .map((c) => (c >= '0' && c <= '9' ? c : String(RIB_LETTERS[c] ?? 'x')))
    .join('');
  if (!/^\d{11}$/.test(accountDigits)) return false;
  const total = 89 * Number(bank) + 15 * Number(branch) + 3 * Number(accountDigits);
  return 97 - (total % 97) === Number(key);
}

// ---------- patterns ----------

const IBAN_RE = /\b[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,32}/g;
// Not when the digits continue a longer grouped number to the left (a RIB or a reference).
// Not followed by a digit, nor by a decimal comma ("1234,56" is an amount); a comma that ends a
// clause ("4111-1111-1111-1111, merci") is fine.
const CARD_RE = /(?<![\d.,]|\d[ -])[2-6]\d{3}(?:[ -]?\d){9,15}(?!\d|,\d)/g;
const EMAIL_RE = /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,6}/gu;
const PHONE_FR_RE = /(?<![\d+])(?:(?:\+|00)33[ .-]?(?:\(0\)[ .-]?)?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)/g;
const PHONE_INTL_RE = /(?<![\d+])(?:\+|00)(?!33)[1-9]\d{0,2}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}(?!\d)/g;
const NIR_RE = /(?<![\dA-Za-z])[12][ .]?\d{2}[ .]?\d{2}[ .]?(?:\d{2}|2[ABab])[ .]?\d{3}[ .]?\d{3}[ .]?\d{2}(?![\dA-Za-z])/g;
const RIB_RE = /(?<![\dA-Za-z])(\d{5})[ -]?(\d{5})[ -]?([A-Za-z0-9]{11})[ -]?(\d{2})(?![\dA-Za-z])/g;
const ACCOUNT_RE =
  /(?:n[°o]\.?\s{0,3}(?:de\s+)?compte|num[ée]ro\s+de\s+compte|compte\s+(?:bancaire\s+)?(?:n[°o]\.?|num[ée]ro)|account\s+(?:number|no\.?|#)|acct\.?\s*(?:no\.?|#))\s{0,3}[:=]?\s{0,3}([A-Za-z]{0,4}\d[\d -]{4,24}\d)/dgi;
const SECRET_RE =
  /\b(mot\s+de\s+passe|mdp|password|passwd|pwd|passcode|code\s+(?:confidentiel|secret|pin|d['’]acc[eè]s|sms|otp|de\s+validation|de\s+confirmation|de\s+s[ée]curit[ée])|code|pin|otp)\b\s{0,3}(?:est|is|c['’]est|=|:)?\s{0,3}[:=]?\s{0,3}([^\s,;]{3,64})/dgi;
const MONTHS =
  'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const DATE_PATTERN = `(?:\\d{1,2}[/.-]\\d{1,2}[/.-](?:19|20)?\\d{2}|(?:19|20)\\d{2}-\\d{2}-\\d{2}|\\d{1,2}(?:er)?\\s+(?:${MONTHS})\\.?\\s+(?:19|20)\\d{2}|(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+(?:19|20)\\d{2})`;
const BIRTH_RE = new RegExp(
  `(?:n[ée]e?(?:\\(e\\))?\\s+le|date\\s+de\\s+naissance|ddn|naissance|born(?:\\s+on)?|date\\s+of\\s+birth|d\\.?o\\.?b\\.?|birth\\s*date|birthday)[^\\d\\n]{0,12}?(${DATE_PATTERN})`,
  'dgi',
);
const AMOUNT_PATTERN = `-?\\d{1,3}(?:[  .,]?\\d{3})*(?:[.,]\\d{1,2})?\\s?(?:€|eur(?:os?)?\\b|\\$|£|dollars?\\b|livres?\\b|balles\\b)|(?:€|\\$|£)\\s?-?\\d{1,3}(?:[ ,.]?\\d{3})*(?:[.,]\\d{1,2})?`;
const BALANCE_RE = new RegExp(
  `(?:solde|il\\s+(?:ne\\s+)?me\\s+reste|il\\s+reste|reste\\s+que|j['’]ai\\s+plus\\s+que|balance|left\\s+in\\s+my\\s+account|(?:mon\\s+)?compte\\s+est\\s+[àa])[^\\d€$£\\n]{0,20}?(${AMOUNT_PATTERN})`,
  'dgi',
);

// Hard negatives: numbers introduced as order, tracking, invoice or file references.
const REFERENCE_CONTEXT =
  /(?:commande|order|colis|suivi|tracking|parcel|r[ée]f[ée]rence|r[ée]f\b|ref\b|facture|invoice|dossier|ticket|contrat|client\s+n|transaction\s+(?:id|n))[^\n]{0,12}$/i;

function isReference(text: string, start: number): boolean {
  return REFERENCE_CONTEXT.test(text.slice(Math.max(0, start - 30), start));
}

const CODE_STOPWORDS = new Set([
  'oublie',
  'oublié',
  'forgotten',
  'bloque',
  'bloqué',
  'blocked',
  'perdu',
  'lost',
  'incorrect',
  'faux',
  'wrong',
  'reset',
  'changer',
  'change',
  'modifier',
  'expired',
  'expiré',
]);

// ---------- detection ----------

const PRIORITY: Record<PiiType, number> = {
  iban: 9,
  card_number: 8,
  fr_nir: 7,
  account_number: 6,
  email: 5,
  phone: 4,
  secret_code: 3,
  birth_date: 2,
  balance: 1,
};

export function detectPii(text: string): PiiSpan[] {
  const found: PiiSpan[] = [];
  if (!text) return found;
  // Fast path: every type but a digit-free password needs a digit or an "@". Most social
  // messages have neither, and skipping ten regex scans is most of analyze()'s PII cost.
  if (!/[0-9@]/.test(text)) {
    if (!/pass|mdp|pwd/i.test(text)) return found;
    scanSecrets(text, found);
    return resolveOverlaps(found);
  }

  for (const m of text.matchAll(IBAN_RE)) {
    const span = longestValid(m[0], (compact) => isValidIban(compact.toUpperCase()), 15);
    if (span > 0) found.push({ type: 'iban', start: m.index, end: m.index + span });
  }
  for (const m of text.matchAll(CARD_RE)) {
    if (isReference(text, m.index)) continue;
    const span = longestValid(m[0], (digits) => digits.length >= 13 && digits.length <= 19 && isValidLuhn(digits), 13);
    if (span > 0) found.push({ type: 'card_number', start: m.index, end: m.index + span });
  }
  for (const m of text.matchAll(NIR_RE)) {
    if (isValidNir(m[0].replace(/[ .]/g, ''))) found.push({ type: 'fr_nir', start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(RIB_RE)) {
    if (isValidRib(m[1] as string, m[2] as string, m[3] as string, m[4] as string)) {
      found.push({ type: 'account_number', start: m.index, end: m.index + m[0].length });
    }
  }
  for (const m of text.matchAll(ACCOUNT_RE)) pushGroup(found, 'account_number', m);
  for (const m of text.includes('@') ? text.matchAll(EMAIL_RE) : []) {
    let value = m[0];
    let start = m.index;
    while (value.startsWith('.')) {
      value = value.slice(1);
      start++;
    }
    value = value.replace(/[.-]+$/, '');
    const at = value.indexOf('@');
    const tld = value.slice(value.lastIndexOf('.') + 1);
    if (at > 0 && /^\p{L}{2,}$/u.test(tld)) found.push({ type: 'email', start, end: start + value.length });
  }
  for (const re of [PHONE_FR_RE, PHONE_INTL_RE]) {
    for (const m of text.matchAll(re)) {
      const digits = m[0].replace(/\D/g, '');
      if (digits.length < 9 || digits.length > 15 || isReference(text, m.index)) continue;
      found.push({ type: 'phone', start: m.index, end: m.index + m[0].length });
    }
  }
  scanSecrets(text, found);
  for (const m of text.matchAll(BIRTH_RE)) pushGroup(found, 'birth_date', m);
  for (const m of text.matchAll(BALANCE_RE)) pushGroup(found, 'balance', m);

  return resolveOverlaps(found);
}

function scanSecrets(text: string, found: PiiSpan[]): void {
  for (const m of text.matchAll(SECRET_RE)) {
    const keyword = (m[1] as string).toLowerCase();
    const passwordLike = /passe|mdp|pass|pwd/.test(keyword);
    // Passwords may end with "!" or "?"; codes are digits, so only sentence punctuation is cut.
    const value = (m[2] as string).replace(passwordLike ? /[.,)]+$/ : /[.!?)]+$/, '');
    const indices = (m as RegExpMatchArray & { indices: [number, number][] }).indices[2] as [number, number];
    if (CODE_STOPWORDS.has(value.toLowerCase())) continue;
    // A bare "code"/"pin" is only a secret when followed by digits ("code postal", "code promo" are not).
    if (!passwordLike && !/^\d{3,10}$/.test(value)) continue;
    if (passwordLike && value.length < 4) continue;
    found.push({ type: 'secret_code', start: indices[0], end: indices[0] + value.length });
  }
}

function pushGroup(found: PiiSpan[], type: PiiType, m: RegExpMatchArray): void {
  const indices = (m as RegExpMatchArray & { indices?: ([number, number] | undefined)[] }).indices?.[1];
  if (!indices) return;
  let [start, end] = indices;
  const value = m[0].slice(start - (m.index ?? 0), end - (m.index ?? 0));
  const trimmed = value.replace(/[\s.,-]+$/, '');
  end = start + trimmed.length;
  start += trimmed.length - trimmed.trimStart().length;
  if (end > start) found.push({ type, start, end });
}

/**
 * Greedy patterns may swallow a trailing group ("FR76 ... 189 merci" or a CVV after a card):
 * try the longest prefix ending on an alphanumeric char that passes the checksum.
 * Returns the span length in the original (spaced) string, 0 if none is valid.
 */
function longestValid(raw: string, valid: (compact: string) => boolean, minLength: number): number {
  const compactEnds: number[] = [];
  let compact = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch === ' ' || ch === '-') continue;
    compact += ch;
    compactEnds.push(i + 1);
  }
  for (let len = compact.length; len >= minLength; len--) {
    const end = compactEnds[len - 1] as number;
    // Only cut at a group boundary (or the full match) so a span never ends mid-group.
    if (len !== compact.length && raw[end] !== ' ' && raw[end] !== '-') continue;
    if (valid(compact.slice(0, len))) return end;
  }
  return 0;
}

function resolveOverlaps(spans: PiiSpan[]): PiiSpan[] {
  const ordered = [...spans].sort(
    (a, b) => PRIORITY[b.type] - PRIORITY[a.type] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: PiiSpan[] = [];
  for (const span of ordered) {
    if (kept.some((k) => span.start < k.end && k.start < span.end)) continue;
    kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

const MASK_LABELS: Record<PiiType, string> = {
  iban: '[IBAN masqué]',
  card_number: '[carte masquée]',
  email: '[e-mail masqué]',
  phone: '[téléphone masqué]',
  fr_nir: '[n° de sécurité sociale masqué]',
  account_number: '[n° de compte masqué]',
  secret_code: '[code masqué]',
  birth_date: '[date de naissance masquée]',
  balance: '[solde masqué]',
};

/**
 * Replaces each span by a typed tag such as "[IBAN masqué]". A tag (rather than same-length
 * bullets) tells the agent what was there without leaking its length; overlapping or
 * out-of-range spans are clamped/skipped so any PiiSpan[] is safe to pass.
 */
export function mask(text: string, pii: PiiSpan[]): string {
  const spans = [...pii]
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start)
    .sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    const start = Math.max(cursor, Math.min(span.start, text.length));
    const end = Math.min(span.end, text.length);
    if (end <= start) continue;
    out += text.slice(cursor, start) + (MASK_LABELS[span.type] ?? '[masqué]');
    cursor = end;
  }
  return out + text.slice(cursor);
}
