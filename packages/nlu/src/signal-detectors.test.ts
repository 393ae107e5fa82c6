import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.ts';
import { canonicalize, detectInsult } from './insult-detector.ts';
import { detectRumour } from './rumour-detector.ts';
import { detectUrgency } from './urgency-detector.ts';

describe('insults vs civil unfavourable opinions', () => {
  it.each([
    ['bande de connards au service client', 'insulte envers le personnel'],
    ['ce conseiller est un gros con', 'insulte envers le personnel'],
    ['vous êtes des c.o.n.s', 'insulte envers le personnel'],
    ['quel c0nnnnnard', 'insulte ou grossièreté'],
    ['espèce d’@bruti', 'insulte ou grossièreté'],
    ['ta g u e u l e', 'insulte ou grossièreté'],
    ['you are idiots', 'insulte envers le personnel'],
    ['je vais vous tuer', 'menace'],
  ])('%s -> %s', (text, reason) => {
    expect(detectInsult(text)).toEqual({ insult: true, reason });
  });

  it.each([
    'frais honteux, je change de banque',
    'service scandaleux, votre appli est nulle',
    'Inadmissible, 3 semaines sans réponse, je vais clôturer mon compte',
    'le contrat est conforme ?',
    'je suis content du service',
    'this is outrageous and unacceptable',
  ])('civil: %s', (text) => {
    expect(detectInsult(text)).toEqual({ insult: false });
  });

  it('an insult makes the analysis negative with a reason; a civil complaint has no insultReason', () => {
    const rude = analyze('merci pour rien bande de c0nnards');
    expect(rude.insult).toBe(true);
    expect(rude.insultReason).toBeTruthy();
    expect(rude.sentiment).toBe('negative');
    const civil = analyze('frais honteux, je change de banque');
    expect(civil.insult).toBe(false);
    expect(civil).not.toHaveProperty('insultReason');
    expect(civil.sentiment).toBe('negative');
  });

  it('canonicalises obfuscation', () => {
    expect(canonicalize('c.o.n.n.a.r.d')).toBe('conard');
    expect(canonicalize('C0NNNNARD')).toBe('conard');
  });
});

describe('urgency', () => {
  it('escalates fraud in progress and account takeover to critical', () => {
    expect(detectUrgency('on a piraté mon compte et il est vidé', 'other')).toBe('critical');
    expect(detectUrgency('someone emptied my account', 'other')).toBe('critical');
    expect(detectUrgency('URGENT on m a volé ma carte', 'lost_or_stolen_card')).toBe('critical');
  });
  it('stolen card, outage or cannot pay are high', () => {
    expect(detectUrgency('ma carte a été volée', 'lost_or_stolen_card')).toBe('high');
    expect(detectUrgency("l'appli est en panne", 'complaint_app_outage')).toBe('high');
    expect(detectUrgency('je ne peux plus payer mes courses', 'other')).toBe('high');
  });
  it('praise is low, an ordinary question normal', () => {
    expect(detectUrgency('merci pour votre aide', 'praise')).toBe('low');
    expect(detectUrgency('quel est le délai pour un virement', 'transfer_timing')).toBe('normal');
  });
  it('end to end through analyze()', () => {
    expect(['high', 'critical']).toContain(analyze('My card was stolen, please block it urgently!').urgency);
    expect(analyze('Merci à mon conseiller pour sa réactivité').urgency).toBe('low');
  });
});

describe('rumour', () => {
  it.each([
    'La banque va faire faillite, retirez votre argent !',
    'bank run incoming, withdraw your money',
    'piratage massif chez @MaBanque ??',
  ])('flags %s', (text) => expect(detectRumour(text)).toBe(true));
  it.each(['je voudrais retirer de l argent au distributeur', 'ma carte est bloquée', 'quel est le taux du livret A'])(
    'ignores %s',
    (text) => expect(detectRumour(text)).toBe(false),
  );
});
