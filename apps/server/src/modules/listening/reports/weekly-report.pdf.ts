import type { ListeningAlert, ListeningDashboard } from '@agora/contracts/listening.schema.ts';
import PDFDocument from 'pdfkit';
import { intentLabelFr } from './intent-labels.fr.ts';

const COLORS = {
  negative: '#e03131',
  neutral: '#adb5bd',
  positive: '#2f9e44',
  bar: '#1c7ed6',
  text: '#212529',
  dim: '#868e96',
  grid: '#e9ecef',
};
const PALETTE = ['#1c7ed6', '#f08c00', '#7048e8', '#0ca678', '#e64980', '#495057'];
const KIND_LABEL: Record<string, string> = {
  volume_spike: 'Pic de volume',
  term_burst: 'Terme émergent',
  negative_surge: 'Hausse du négatif',
  rumour_surge: 'Vague de rumeurs',
};

const day = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', weekday: 'short', day: '2-digit', month: '2-digit' }).format(new Date(iso));
const longDate = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);
const int = (x: number) => new Intl.NumberFormat('fr-FR').format(x).replace(/\u202f|\u00a0/g, ' ');
// The standard PDF fonts speak WinAnsi: French accents yes, typographic spaces and arrows no.
const safe = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ').replace(/[^\u0020-\u00ff\n€’‘“”…–—•]/g, '');

/** "Motifs d'insatisfaction": intents named as the screens name them, in French, not by their ids. */
export function dissatisfactionBars(d: Pick<ListeningDashboard, 'dissatisfaction'>): [string, number][] {
  return d.dissatisfaction.map((r) => [intentLabelFr(r.intent), r.mentions]);
}

export interface WeeklyReportInput {
  bankName: string;
  dashboard: ListeningDashboard;
  previousTotal: number;
  alerts: ListeningAlert[];
  generatedAt: Date;
}

/**
 * The weekly e-reputation report: key figures, charts drawn as vectors (volume and sentiment per
 * day, share of voice, reasons of dissatisfaction, ratings), top terms and authors, the week's
 * alerts. pdfkit's built-in fonts: nothing is downloaded.
 */
export function renderWeeklyReport(input: WeeklyReportInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `Rapport e-réputation — ${input.bankName}`, Author: 'Agora' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const d = input.dashboard;
  const width = doc.page.width - 80;

  doc
    .fillColor(COLORS.text)
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(safe(`Rapport e-réputation — ${input.bankName}`));
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(COLORS.dim)
    .text(safe(`Du ${longDate(d.from)} au ${longDate(d.to)} · généré le ${longDate(input.generatedAt.toISOString())} par Agora`));
  doc.moveDown(0.8);

  // Key figures.
  const change = input.previousTotal ? (d.totals.mentions - input.previousTotal) / input.previousTotal : null;
  const figures: [string, string][] = [
    ['Mentions', int(d.totals.mentions)],
    ['Évolution / sem. préc.', change === null ? '—' : `${change >= 0 ? '+' : ''}${Math.round(change * 100)} %`],
    ['Part négative', pct(d.totals.mentions ? d.totals.negative / d.totals.mentions : null)],
    ['Portée cumulée', int(d.totals.reach)],
    ['Taux de réponse', pct(d.responseRate)],
    ['Alertes', String(input.alerts.length)],
  ];
  const boxW = width / 3;
  let y = doc.y;
  figures.forEach(([label, value], i) => {
    const x = 40 + (i % 3) * boxW;
    const top = y + Math.floor(i / 3) * 46;
    doc.roundedRect(x + 2, top, boxW - 8, 40, 4).fillAndStroke('#f8f9fa', COLORS.grid);
    doc
      .fillColor(COLORS.dim)
      .fontSize(8)
      .text(safe(label), x + 10, top + 6, { width: boxW - 24 });
    doc
      .fillColor(COLORS.text)
      .font('Helvetica-Bold')
      .fontSize(14)
      .text(safe(value), x + 10, top + 18, { width: boxW - 24 });
    doc.font('Helvetica');
  });
  doc.y = y + 100;

  // Volume per day, stacked by sentiment.
  section(doc, 'Volume et sentiment par jour');
  y = doc.y;
  const chartH = 130;
  const series = d.series;
  const max = Math.max(1, ...series.map((p) => p.total));
  const barW = Math.max(4, Math.min(48, (width - 40) / Math.max(1, series.length) - 6));
  doc.strokeColor(COLORS.grid).lineWidth(0.5);
  for (let g = 0; g <= 4; g++) {
    const gy = y + chartH - (chartH * g) / 4;
    doc
      .moveTo(70, gy)
      .lineTo(40 + width, gy)
      .stroke();
    doc
      .fillColor(COLORS.dim)
      .fontSize(7)
      .text(int(Math.round((max * g) / 4)), 40, gy - 4, { width: 26, align: 'right' });
  }
  series.forEach((p, i) => {
    const x = 76 + i * (barW + 6);
    let top = y + chartH;
    for (const key of ['negative', 'neutral', 'positive'] as const) {
      const h = (p[key] / max) * chartH;
      if (h > 0) doc.rect(x, top - h, barW, h).fill(COLORS[key]);
      top -= h;
    }
    if (series.length <= 14)
      doc
        .fillColor(COLORS.dim)
        .fontSize(7)
        .text(safe(day(p.bucket)), x - 6, y + chartH + 4, { width: barW + 12, align: 'center' });
  });
  legend(doc, 76, y + chartH + 18, [
    ['Négatif', COLORS.negative],
    ['Neutre', COLORS.neutral],
    ['Positif', COLORS.positive],
  ]);
  doc.y = y + chartH + 36;

  // Share of voice and reasons of dissatisfaction, side by side as horizontal bars.
  y = doc.y;
  const half = width / 2 - 10;
  section(doc, 'Part de voix (marque et concurrents)', 40, half);
  hbars(
    doc,
    40,
    doc.y,
    half,
    d.shareOfVoice.map((s) => [s.name, s.mentions]),
    true,
  );
  const leftEnd = doc.y;
  doc.y = y;
  section(doc, 'Motifs d’insatisfaction', 40 + half + 20, half);
  hbars(doc, 40 + half + 20, doc.y, half, dissatisfactionBars(d), false);
  doc.y = Math.max(leftEnd, doc.y) + 10;

  // Ratings.
  if (d.ratings.length) {
    section(doc, 'Notes des avis par plateforme');
    const byChannel = new Map<string, { sum: number; count: number }>();
    for (const r of d.ratings) {
      const c = byChannel.get(r.channel) ?? { sum: 0, count: 0 };
      c.sum += r.average * r.count;
      c.count += r.count;
      byChannel.set(r.channel, c);
    }
    hbars(
      doc,
      40,
      doc.y,
      width,
      [...byChannel].map(([channel, c]) => [`${channel} (${c.count} avis)`, Math.round((c.sum / c.count) * 10) / 10]),
      false,
      5,
    );
    doc.moveDown(0.5);
  }

  if (doc.y > doc.page.height - 260) doc.addPage();
  section(doc, 'Termes les plus cités');
  doc
    .fillColor(COLORS.text)
    .fontSize(9)
    .text(
      safe(
        d.topTerms
          .slice(0, 15)
          .map((t) => `${t.term} (${t.mentions})`)
          .join(' · ') || 'Aucun terme sur la période.',
      ),
      { width },
    );
  doc.moveDown(0.6);
  section(doc, 'Auteurs les plus influents');
  table(
    doc,
    ['Auteur', 'Canal', 'Portée', 'Mentions', 'Engagement'],
    d.influencers
      .slice(0, 8)
      .map((a) => [a.handle ? `${a.name} (@${a.handle})` : a.name, a.channel, int(a.reach), String(a.mentions), int(a.engagement)]),
    [0.42, 0.14, 0.15, 0.14, 0.15],
    width,
  );
  doc.moveDown(0.6);
  if (doc.y > doc.page.height - 160) doc.addPage();
  section(doc, 'Alertes de la semaine');
  if (input.alerts.length === 0) doc.fillColor(COLORS.dim).fontSize(9).text('Aucune alerte.');
  for (const a of input.alerts.slice(0, 12)) {
    doc
      .fillColor(a.severity === 'critical' ? COLORS.negative : COLORS.text)
      .fontSize(9)
      .text(
        safe(
          `${day(a.createdAt)} — ${KIND_LABEL[a.kind] ?? a.kind} · ${a.queryName}${a.term ? ` · « ${a.term} »` : ''} · ${Math.round(a.observed)} contre ${Math.round(a.expected)} attendues`,
        ),
        {
          width,
        },
      );
  }
  doc.end();
  return done;
}

function section(doc: PDFKit.PDFDocument, title: string, x = 40, width?: number) {
  doc
    .fillColor(COLORS.text)
    .font('Helvetica-Bold')
    .fontSize(11)
    .text(safe(title), x, doc.y, width ? { width } : undefined);
  doc.font('Helvetica').moveDown(0.3);
}

function legend(doc: PDFKit.PDFDocument, x: number, y: number, items: [string, string][]) {
  let cx = x;
  for (const [label, color] of items) {
    doc.rect(cx, y + 1, 8, 8).fill(color);
    doc
      .fillColor(COLORS.dim)
      .fontSize(8)
      .text(safe(label), cx + 11, y, { lineBreak: false });
    cx += 70;
  }
}

function hbars(
  doc: PDFKit.PDFDocument,
  x: number,
  y: number,
  width: number,
  rows: [string, number][],
  colored: boolean,
  scaleMax?: number,
) {
  if (rows.length === 0) {
    doc.fillColor(COLORS.dim).fontSize(9).text('Rien sur la période.', x, y);
    return;
  }
  const max = scaleMax ?? Math.max(1, ...rows.map(([, v]) => v));
  const labelW = width * 0.38;
  rows.slice(0, 8).forEach(([label, value], i) => {
    const top = y + i * 16;
    doc
      .fillColor(COLORS.text)
      .fontSize(8)
      .text(safe(label), x, top + 2, { width: labelW - 4, lineBreak: false, ellipsis: true });
    const w = ((width - labelW - 40) * value) / max;
    doc.rect(x + labelW, top + 2, Math.max(1, w), 10).fill(colored ? PALETTE[i % PALETTE.length]! : COLORS.bar);
    doc
      .fillColor(COLORS.dim)
      .fontSize(8)
      .text(String(value).replace('.', ','), x + labelW + w + 4, top + 3, { lineBreak: false });
  });
  doc.y = y + Math.min(8, rows.length) * 16 + 4;
  doc.x = 40;
}

function table(doc: PDFKit.PDFDocument, header: string[], rows: string[][], widths: number[], total: number) {
  const draw = (cells: string[], bold: boolean) => {
    const top = doc.y;
    let x = 40;
    cells.forEach((c, i) => {
      doc
        .font(bold ? 'Helvetica-Bold' : 'Helvetica')
        .fillColor(COLORS.text)
        .fontSize(8)
        .text(safe(c), x, top, { width: widths[i]! * total - 4, lineBreak: false, ellipsis: true });
      x += widths[i]! * total;
    });
    doc.y = top + 13;
  };
  draw(header, true);
  if (rows.length === 0) doc.font('Helvetica').fillColor(COLORS.dim).fontSize(9).text('Aucun auteur sur la période.', 40);
  for (const r of rows) draw(r, false);
  doc.font('Helvetica').x = 40;
}
