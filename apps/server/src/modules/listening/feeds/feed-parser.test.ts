import { describe, expect, it } from 'vitest';
import { FeedFormatError, parseFeed } from './feed-parser.ts';

describe('feed parser', () => {
  it('reads RSS 2.0 with HTML descriptions, CDATA, entities and dc:creator', () => {
    const feed = parseFeed(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel><title>Le Journal &amp; l'Éco</title>
    <item>
      <title>Banque Exemple : panne géante de l&#8217;appli</title>
      <link>https://journal.example/articles/1</link>
      <guid isPermaLink="false">art-1</guid>
      <pubDate>Tue, 10 Mar 2026 08:30:00 +0100</pubDate>
      <dc:creator>Marie Curie</dc:creator>
      <description><![CDATA[<p>Les clients de la <b>Banque Exemple</b> n'ont pas pu se connecter.</p><script>alert(1)</script>]]></description>
    </item>
    <item><title>Sans guid</title><link>https://journal.example/articles/2</link></item>
  </channel>
</rss>`);
    expect(feed.title).toBe("Le Journal & l'Éco");
    expect(feed.entries).toHaveLength(2);
    expect(feed.entries[0]).toEqual({
      id: 'art-1',
      title: 'Banque Exemple : panne géante de l’appli',
      link: 'https://journal.example/articles/1',
      summary: "Les clients de la Banque Exemple n'ont pas pu se connecter.",
      author: 'Marie Curie',
      publishedAt: '2026-03-10T07:30:00.000Z',
    });
    // Without a guid, the link identifies the entry across polls.
    expect(feed.entries[1]!.id).toBe('https://journal.example/articles/2');
  });

  it('reads Atom 1.0 (alternate link, summary or content, author name)', () => {
    const feed = parseFeed(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog conso</title>
  <entry><id>tag:blog,2026:1</id><title>Frais cachés ?</title>
    <link rel="self" href="https://blog.example/1.atom"/><link rel="alternate" href="https://blog.example/1"/>
    <updated>2026-03-09T10:00:00Z</updated><author><name>Paul</name></author>
    <content type="html">&lt;p&gt;Les frais de la banque augmentent.&lt;/p&gt;</content></entry>
</feed>`);
    expect(feed.entries[0]).toMatchObject({
      id: 'tag:blog,2026:1',
      link: 'https://blog.example/1',
      summary: 'Les frais de la banque augmentent.',
      author: 'Paul',
      publishedAt: '2026-03-09T10:00:00.000Z',
    });
  });

  it('reads RSS 1.0 (RDF)', () => {
    const feed = parseFeed(`<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example/"><title>Vieux site</title></channel>
  <item rdf:about="https://old.example/a"><title>Article</title><link>https://old.example/a</link><dc:date>2026-03-01T12:00:00Z</dc:date><description>Texte</description></item>
</rdf:RDF>`);
    expect(feed.entries[0]).toMatchObject({ id: 'https://old.example/a', title: 'Article', publishedAt: '2026-03-01T12:00:00.000Z' });
  });

  it('refuses what is neither RSS nor Atom, and does not expand entities declared in a DOCTYPE', () => {
    expect(() => parseFeed('<html><body>pas un flux</body></html>')).toThrow(FeedFormatError);
    const bomb = parseFeed(`<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>&b;</title></item></channel></rss>`);
    expect((bomb.entries[0]?.title ?? '').length).toBeLessThan(50);
  });
});
