import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INTENT_LABELS_FR, intentLabelFr } from './intent-labels.fr.ts';
import { dissatisfactionBars } from './weekly-report.pdf.ts';

describe('weekly report labels', () => {
  it('names the reasons of dissatisfaction in French, as the screens do, not by their ids', () => {
    const bars = dissatisfactionBars({
      dissatisfaction: [
        { intent: 'card_not_working', mentions: 12 },
        { intent: 'transaction_charged_twice', mentions: 5 },
        { intent: 'nouveau_motif_inconnu', mentions: 1 },
      ],
    });
    expect(bars).toEqual([
      ['Carte qui ne fonctionne pas', 12],
      ['Opération débitée deux fois', 5],
      ['Nouveau motif inconnu', 1],
    ]);
  });

  it('keeps the same labels as the web app (fr.json), so the PDF and the dashboard agree', () => {
    const web = JSON.parse(readFileSync(new URL('../../../../../web/src/i18n/fr.json', import.meta.url), 'utf8')) as {
      intents: Record<string, string>;
    };
    expect(INTENT_LABELS_FR).toEqual(web.intents);
    expect(intentLabelFr('Refund_not_showing_up')).toBe(web.intents.Refund_not_showing_up);
  });
});
