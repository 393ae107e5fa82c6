import { describe, expect, it } from 'vitest';
import { maskedNotice, prepareContent, renderMarkdown } from './post-content.ts';

describe('post content', () => {
  it('masks an IBAN at once and says why', () => {
    const prepared = prepareContent('Mon IBAN est FR76 3000 6000 0112 3456 7890 189, pouvez-vous vérifier ?');
    expect(prepared.markdown).not.toContain('3000 6000');
    expect(prepared.markdown).toContain('[IBAN masqué]');
    expect(prepared.html).not.toContain('3000 6000');
    expect(prepared.maskedTypes).toEqual(['iban']);
    expect(maskedNotice(prepared.maskedTypes)).toContain('espace sécurisé');
  });

  it('detects an insult with its reason, and keeps an unfavourable opinion as it is', () => {
    expect(prepareContent('Bande de connards, rendez-moi mon argent').insult).not.toBeNull();
    const opinion = prepareContent('Franchement, vos frais sont scandaleux et votre appli est nulle. Je change de banque.');
    expect(opinion.insult).toBeNull();
    expect(opinion.markdown).toContain('scandaleux');
  });

  it('renders Markdown without raw HTML, scripts or foreign images', () => {
    const html = renderMarkdown(
      '**gras** <script>alert(1)</script> [lien](javascript:alert(1)) ![x](https://tracker.example/p.gif) ![ok](/communaute/fichiers/abc)',
    );
    expect(html).toContain('<strong>gras</strong>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('href="javascript');
    expect(html).not.toContain('tracker.example');
    expect(html).toContain('src="/communaute/fichiers/abc"');
  });

  it('links mentions, marks members’ links nofollow, counts links and images', () => {
    const prepared = prepareContent(
      'Merci @Julie_M ! Voir https://exemple.fr et [ça](https://autre.fr) ![a](/communaute/fichiers/1)\n\n> @Marc a écrit : citation',
    );
    expect(prepared.mentions).toEqual(['Julie_M', 'Marc']);
    expect(prepared.html).toContain('<a href="/communaute/u/Julie_M" class="mention">@Julie_M</a>');
    expect(prepared.html).toContain('rel="nofollow ugc noopener noreferrer"');
    expect(prepared.html).toContain('<blockquote>');
    expect(prepared.links).toBe(2);
    expect(prepared.images).toBe(1);
  });
});
