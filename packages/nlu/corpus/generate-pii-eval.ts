// Generates pii-eval.jsonl: sentences with personal data of every type (valid checksums computed
// here, independently of the detector's code) and hard negatives — order and tracking numbers,
// bare amounts, phone-like references, invalid checksums, non-birth dates. Spans are known by
// construction. Seeded and reproducible.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../train/linear-trainer.ts';
import { pick } from './template-engine.ts';

type PiiType = 'iban' | 'card_number' | 'email' | 'phone' | 'fr_nir' | 'account_number' | 'secret_code' | 'birth_date' | 'balance';
interface Span { type: PiiType; start: number; end: number }

const random = seededRandom(97);
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
const bigMod97 = (numeric: string) => {
  let r = 0;
  for (const ch of numeric) r = (r * 10 + Number(ch)) % 97;
  return r;
};
const lettersToDigits = (s: string) => s.toUpperCase().replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
const group4 = (s: string) => s.replace(/(.{4})(?=.)/g, '$1 ');

function ribKey(bank: string, branch: string, account: string): string {
  return String(97 - ((89 * Number(bank) + 15 * Number(branch) + 3 * Number(account)) % 97)).padStart(2, '0');
}
function iban(country: string, bban: string, valid = true): string {
  const check = 98 - bigMod97(lettersToDigits(`${bban}${country}00`));
  const cd = String(valid ? check : ((check + 1 + Math.floor(random() * 90)) % 97) + 2).padStart(2, '0');
  return `${country}${cd}${bban}`;
}
function randomIban(valid = true): string {
  const kind = pick(random, ['FR', 'DE', 'GB', 'ES', 'BE', 'NL', 'IT']);
  if (kind === 'FR') {
    const bank = digits(5);
    const branch = digits(5);
    const account = digits(11);
    return iban('FR', `${bank}${branch}${account}${ribKey(bank, branch, account)}`, valid);
  }
  if (kind === 'DE') return iban('DE', digits(18), valid);
  if (kind === 'GB') return iban('GB', `${pick(random, ['NWBK', 'BARC', 'LOYD', 'HBUK'])}${digits(14)}`, valid);
  if (kind === 'ES') return iban('ES', digits(20), valid);
  if (kind === 'BE') return iban('BE', digits(12), valid);
  if (kind === 'NL') return iban('NL', `${pick(random, ['ABNA', 'INGB', 'RABO'])}${digits(10)}`, valid);
  return iban('IT', `${pick(random, ['X', 'A', 'K'])}${digits(22)}`, valid);
}
function luhnComplete(partial: string): string {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${partial}${(10 - (sum % 10)) % 10}`;
}
function card(valid = true): string {
  const kind = pick(random, ['visa', 'mc', 'amex', 'visa19']);
  const number =
    kind === 'amex' ? luhnComplete(`37${digits(12)}`) : kind === 'mc' ? luhnComplete(`5${1 + Math.floor(random() * 5)}${digits(13)}`) : kind === 'visa19' ? luhnComplete(`4${digits(17)}`) : luhnComplete(`4${digits(14)}`);
  const out = valid ? number : number.slice(0, -1) + String((Number(number.slice(-1)) + 1 + Math.floor(random() * 8)) % 10);
  if (kind === 'amex') return random() < 0.5 ? out : `${out.slice(0, 4)} ${out.slice(4, 10)} ${out.slice(10)}`;
  return random() < 0.4 ? out : random() < 0.5 ? group4(out) : out.replace(/(.{4})(?=.)/g, '$1-');
}
function nir(valid = true): string {
  const sex = pick(random, ['1', '2']);
  const yy = digits(2);
  const mm = String(1 + Math.floor(random() * 12)).padStart(2, '0');
  const dept = pick(random, ['75', '69', '13', '2A', '2B', '33', '59', '97']);
  const commune = digits(3);
  const order = digits(3);
  const deptDigits = dept === '2A' ? '19' : dept === '2B' ? '18' : dept;
  let key = 97 - (Number(`${sex}${yy}${mm}${deptDigits}${commune}${order}`) % 97);
  if (!valid) key = (key % 97) + 1;
  const k = String(key).padStart(2, '0');
  return random() < 0.5 ? `${sex}${yy}${mm}${dept}${commune}${order}${k}` : `${sex} ${yy} ${mm} ${dept} ${commune} ${order} ${k}`;
}
function rib(valid = true): string {
  const bank = digits(5);
  const branch = digits(5);
  const account = digits(11);
  let key = ribKey(bank, branch, account);
  if (!valid) key = String((Number(key) + 7) % 97).padStart(2, '0');
  return `${bank} ${branch} ${account} ${key}`;
}
const phoneFr = () => {
  const n = `0${pick(random, ['6', '7', '1', '9'])}${digits(8)}`;
  const style = random();
  if (style < 0.3) return n.replace(/(\d{2})(?=\d)/g, '$1 ');
  if (style < 0.5) return n.replace(/(\d{2})(?=\d)/g, '$1.');
  if (style < 0.7) return `+33 ${n[1]} ${n.slice(2).replace(/(\d{2})(?=\d)/g, '$1 ')}`;
  if (style < 0.8) return `+33${n.slice(1)}`;
  return n;
};
const phoneIntl = () => pick(random, [`+44 20 ${digits(4)} ${digits(4)}`, `+1 415 ${digits(3)} ${digits(4)}`, `+49 30 ${digits(8)}`, `+32 4${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`, `+212 6${digits(2)} ${digits(3)} ${digits(3)}`]);
const email = () => `${pick(random, ['jean.dupont', 'marie_l', 'k.benali', 'sophie.martin84', 'tom+banque', 'lea.roux'])}@${pick(random, ['gmail.com', 'orange.fr', 'free.fr', 'outlook.com', 'yahoo.co.uk', 'laposte.net'])}`;
const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const birth = () => {
  const d = 1 + Math.floor(random() * 28);
  const m = 1 + Math.floor(random() * 12);
  const y = 1940 + Math.floor(random() * 65);
  return pick(random, [`${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`, `${d} ${MONTHS_FR[m - 1]} ${y}`, `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`]);
};
const amount = () => pick(random, [`${1 + Math.floor(random() * 900)},${digits(2)} €`, `${1 + Math.floor(random() * 9)} ${digits(3)} €`, `${Math.floor(random() * 500)} euros`, `${Math.floor(random() * 90)}€`]);
const code = () => digits(pick(random, [4, 6]));
const password = () => pick(random, ['Soleil2024', 'azerty123', 'Mimi#75011', 'P@ssw0rd', 'chaton88', 'Lyon_69003']);

type Part = string | [PiiType, string];
const positives: (() => Part[])[] = [
  () => ['Bonjour, voici mon IBAN ', ['iban', random() < 0.5 ? group4(randomIban()) : randomIban()], ' pour le virement'],
  () => ['my iban is ', ['iban', group4(randomIban())], ', thanks'],
  () => ['@MaBanque ma carte ', ['card_number', card()], ' est bloquée'],
  () => ['card number ', ['card_number', card()], ' exp 09/27'],
  () => ['😡 payé avec ', ['card_number', card()], ' et débité 2 fois'],
  () => ['Mon numéro de sécu : ', ['fr_nir', nir()]],
  () => ['NIR ', ['fr_nir', nir()], ' pour le dossier'],
  () => ['mon RIB ', ['account_number', rib()], ' merci'],
  () => ['compte n° ', ['account_number', digits(11)], ', pouvez-vous vérifier ?'],
  () => ['account number ', ['account_number', digits(8)], ' please check'],
  () => ['écrivez-moi à ', ['email', email()], ' svp'],
  () => ['contact: ', ['email', email()]],
  () => ['rappelez-moi au ', ['phone', phoneFr()], ' après 18h'],
  () => ['call me on ', ['phone', phoneIntl()], ' tomorrow'],
  () => ['mon code confidentiel est ', ['secret_code', code()], ' ça marche pas'],
  () => ['le code PIN ', ['secret_code', code()], ' est refusé'],
  () => ['mot de passe : ', ['secret_code', password()], ' ne fonctionne plus'],
  () => ['my password is ', ['secret_code', password()]],
  () => ['OTP ', ['secret_code', digits(6)], ' reçu par sms'],
  () => ['née le ', ['birth_date', birth()], ', Marie Dupont'],
  () => ['date de naissance : ', ['birth_date', birth()]],
  () => ['DOB ', ['birth_date', birth()], ' if needed'],
  () => ['mon solde est de ', ['balance', amount()], ' seulement'],
  () => ['il me reste ', ['balance', amount()], ' sur le compte'],
  () => ['Solde : ', ['balance', amount()], ' alors que le salaire est tombé'],
  () => ['Bonjour, je suis ', ['email', email()], ' et mon tel ', ['phone', phoneFr()]],
];
const negatives: (() => string)[] = [
  () => `commande n° ${luhnComplete(`4${digits(14)}`)} toujours pas livrée`,
  () => `numéro de suivi ${pick(random, ['6A', '8R', '1Z'])}${digits(11)} colis bloqué`,
  () => `order number ${digits(10)} not received`,
  () => `virement de ${amount()} envoyé hier`,
  () => `on m'a prélevé ${amount()} de frais`,
  () => `réf. dossier ${digits(10)}`,
  () => `facture n° ${digits(12)} à régler`,
  () => `IBAN ${group4(randomIban(false))} c'est bien ça ?`,
  () => `ma carte ${card(false)} est refusée`,
  () => `sécu ${nir(false)}`,
  () => `RIB ${rib(false)}`,
  () => `code postal ${digits(5)}, agence de Lyon`,
  () => `code promo NOEL${digits(2)} ne marche pas`,
  () => `rendez-vous le ${birth()} à 14h`,
  () => `j'ai ${Math.floor(random() * 60)} ans et 2 enfants`,
  () => `transaction id ${digits(16)}`,
  () => `ticket ${digits(9)} ouvert au service client`,
  () => `il me reste 3 jours de congés`,
  () => `j'ai oublié mon mot de passe`,
  () => `mon code est bloqué`,
  () => `@MaBanque #panne depuis ${digits(2)}h`,
];

const records: { text: string; spans: Span[] }[] = [];
for (let i = 0; i < 420; i++) {
  const parts = pick(random, positives)();
  let text = '';
  const spans: Span[] = [];
  for (const part of parts) {
    if (typeof part === 'string') text += part;
    else {
      spans.push({ type: part[0], start: text.length, end: text.length + part[1].length });
      text += part[1];
    }
  }
  records.push({ text, spans });
}
for (let i = 0; i < 260; i++) records.push({ text: pick(random, negatives)(), spans: [] });
const seen = new Set<string>();
const unique = records.filter((r) => (seen.has(r.text) ? false : (seen.add(r.text), true)));
writeFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'pii-eval.jsonl'), `${unique.map((r) => JSON.stringify(r)).join('\n')}\n`);
console.log(`wrote ${unique.length} PII eval records`);
