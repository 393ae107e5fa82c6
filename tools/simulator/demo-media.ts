import type { FastifyInstance } from 'fastify';

/**
 * Small images the simulated clients "attach" (a screenshot of an error, a photo of a card, a
 * transfer receipt), served by the local fake-platforms server as a platform CDN would. They
 * are drawn in SVG so the repository ships no binary and the demo works offline.
 */
const svg = (width: number, height: number, inner: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">${inner}</svg>`;

const PHONE_ERROR = svg(
  240,
  420,
  `<rect width="240" height="420" rx="24" fill="#1f2937"/><rect x="12" y="36" width="216" height="348" fill="#f9fafb"/>
<text x="120" y="70" text-anchor="middle" font-size="14" fill="#111827">Banque Exemple</text>
<circle cx="120" cy="170" r="40" fill="#fee2e2"/><text x="120" y="184" text-anchor="middle" font-size="40" fill="#dc2626">!</text>
<text x="120" y="250" text-anchor="middle" font-size="22" font-weight="bold" fill="#dc2626">Erreur 503</text>
<text x="120" y="278" text-anchor="middle" font-size="12" fill="#374151">Service momentanément</text>
<text x="120" y="294" text-anchor="middle" font-size="12" fill="#374151">indisponible</text>
<rect x="60" y="320" width="120" height="32" rx="8" fill="#2563eb"/><text x="120" y="341" text-anchor="middle" font-size="13" fill="#fff">Réessayer</text>`,
);

// The card number is a masked placeholder: nothing confidential, even in a demo.
const CARD = svg(
  340,
  214,
  `<rect width="340" height="214" rx="16" fill="#0f766e"/><rect x="28" y="70" width="48" height="36" rx="6" fill="#fbbf24"/>
<text x="28" y="44" font-size="18" font-weight="bold" fill="#fff">Banque Exemple</text>
<text x="28" y="150" font-size="20" fill="#fff" letter-spacing="2">•••• •••• •••• ••••</text>
<text x="28" y="186" font-size="12" fill="#ccfbf1">TITULAIRE</text><text x="270" y="186" font-size="12" fill="#ccfbf1">VISA</text>`,
);

const RECEIPT = svg(
  260,
  320,
  `<rect width="260" height="320" fill="#fff" stroke="#d1d5db"/>
<text x="130" y="40" text-anchor="middle" font-size="16" font-weight="bold" fill="#111827">Avis de virement</text>
<text x="20" y="90" font-size="12" fill="#374151">Date : 12/03</text>
<text x="20" y="115" font-size="12" fill="#374151">Montant : 1 500,00 €</text>
<text x="20" y="140" font-size="12" fill="#374151">Bénéficiaire : M. DUPONT</text>
<text x="20" y="165" font-size="12" fill="#374151">Statut : en cours</text>
<line x1="20" y1="200" x2="240" y2="200" stroke="#e5e7eb"/>
<text x="130" y="240" text-anchor="middle" font-size="11" fill="#6b7280">Banque Exemple — document non contractuel</text>`,
);

const PAGE_PHOTO = svg(
  400,
  240,
  `<rect width="400" height="240" fill="#dbeafe"/><rect x="120" y="60" width="160" height="130" fill="#1e3a8a"/>
<text x="200" y="40" text-anchor="middle" font-size="16" fill="#1e3a8a">Votre agence de Lyon a fait peau neuve</text>
<text x="200" y="130" text-anchor="middle" font-size="14" fill="#fff">Banque Exemple</text>`,
);

// A minimal valid one-page PDF (hand-written, cross-reference offsets computed below).
function minimalPdf(text: string): string {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 18 Tf 72 760 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 18 Tf 72 760 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  return `${out}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
}

export const DEMO_MEDIA: Readonly<Record<string, { contentType: string; body: string }>> = {
  'erreur-503.svg': { contentType: 'image/svg+xml', body: PHONE_ERROR },
  'carte-bancaire.svg': { contentType: 'image/svg+xml', body: CARD },
  'recu-virement.svg': { contentType: 'image/svg+xml', body: RECEIPT },
  'agence-lyon.svg': { contentType: 'image/svg+xml', body: PAGE_PHOTO },
  'releve-frais.pdf': { contentType: 'application/pdf', body: minimalPdf('Releve de frais - Banque Exemple') },
};

/** GET /cdn/<name>: the demo images and document, cacheable, 404 for anything else. */
export function registerDemoMedia(app: FastifyInstance): void {
  app.get<{ Params: { name: string } }>('/cdn/:name', async (request, reply) => {
    const media = Object.hasOwn(DEMO_MEDIA, request.params.name) ? DEMO_MEDIA[request.params.name] : undefined;
    if (!media) return reply.code(404).type('text/plain').send('not found');
    return (
      reply
        .header('cache-control', 'public, max-age=86400')
        // An SVG opened directly must not run scripts, whatever it contains.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .header('x-content-type-options', 'nosniff')
        .type(media.contentType)
        .send(media.body)
    );
  });
}
