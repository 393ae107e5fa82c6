import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { escapeHtml } from '../text.ts';
import './mail.tables.ts';

const STATUS_LABEL: Record<string, string> = { queued: 'en attente', sent: 'envoyé', kept: 'conservé (démo)', failed: 'échec' };

const page = (title: string, body: string) => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
 body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f5f6f8;color:#1b1f24}
 header{background:#1c3d5a;color:#fff;padding:14px 24px} header h1{font-size:18px;margin:0}
 header p{margin:4px 0 0;font-size:13px;opacity:.85} main{max-width:960px;margin:20px auto;padding:0 16px}
 table{width:100%;border-collapse:collapse;background:#fff;border-radius:8px;overflow:hidden;box-shadow:0 1px 2px #0001}
 th,td{padding:10px 12px;text-align:left;border-bottom:1px solid #e8eaee;font-size:14px;vertical-align:top}
 th{background:#eef1f5;font-weight:600} a{color:#1c5fa8} .muted{color:#5b6570;font-size:13px}
 article{background:#fff;border-radius:8px;padding:20px 24px;box-shadow:0 1px 2px #0001}
 pre{white-space:pre-wrap;word-break:break-word;font:15px/1.5 system-ui,sans-serif;margin:16px 0 0}
 dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0;font-size:14px} dt{color:#5b6570}
</style></head><body><header><h1>Boîte d'envoi de démonstration</h1>
<p>Les e-mails qu'Agora enverrait. En démonstration aucun n'est envoyé : ils sont conservés ici.</p></header>
<main>${body}</main></body></html>`;

// Links in a mail (an invitation, a secure-space link) are the point of reading it here.
const linkify = (escaped: string) => escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

/**
 * The demo's stand-in for the recipients' mailboxes: a client opens their invitation link, a
 * supervisor reads an alert. Registered in demo mode only, and without sign-in on purpose: the
 * person reading is the mail's recipient, who has no Agora session (yet). It holds demo data
 * only; a production deployment never registers it.
 */
export async function registerMailViewerRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  if (!deps.config.demoMode) return;
  const { db } = deps.database;

  app.get<{ Querystring: { to?: string } }>('/demo/mail', async (request, reply) => {
    const to = z.string().max(200).optional().safeParse(request.query.to).data;
    let query = db
      .selectFrom('outgoing_mail')
      .select(['id', 'to_address', 'subject', 'kind', 'status', 'created_at'])
      .where('bank_id', '=', deps.bankId)
      .orderBy('created_at', 'desc')
      .limit(200);
    if (to) query = query.where('to_address', '=', to.toLowerCase());
    const rows = await query.execute();
    const lines = rows
      .map(
        (m) => `<tr><td>${escapeHtml(m.created_at.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' }))}</td>
<td><a href="/demo/mail?to=${encodeURIComponent(m.to_address)}">${escapeHtml(m.to_address)}</a></td>
<td><a href="/demo/mail/${m.id}">${escapeHtml(m.subject)}</a><div class="muted">${escapeHtml(m.kind)}</div></td>
<td>${escapeHtml(STATUS_LABEL[m.status] ?? m.status)}</td></tr>`,
      )
      .join('');
    const filter = to ? `<p>Destinataire : <strong>${escapeHtml(to)}</strong> · <a href="/demo/mail">tous</a></p>` : '';
    const table = rows.length
      ? `<table><thead><tr><th>Date</th><th>Destinataire</th><th>Objet</th><th>État</th></tr></thead><tbody>${lines}</tbody></table>`
      : '<p>Aucun e-mail pour le moment.</p>';
    return reply.type('text/html; charset=utf-8').send(page('Boîte d’envoi — démo', filter + table));
  });

  app.get<{ Params: { id: string } }>('/demo/mail/:id', async (request, reply) => {
    const id = z.uuid().safeParse(request.params.id);
    const mail = id.success
      ? await db
          .selectFrom('outgoing_mail')
          .select(['to_address', 'subject', 'text_body', 'html_body', 'created_at', 'status'])
          .where('bank_id', '=', deps.bankId)
          .where('id', '=', id.data)
          .executeTakeFirst()
      : undefined;
    if (!mail) return reply.code(404).type('text/html; charset=utf-8').send(page('E-mail introuvable', '<p>Cet e-mail n’existe pas.</p>'));
    const html = mail.html_body ? ` · <a href="/demo/mail/${request.params.id}/html">version HTML</a>` : '';
    return reply.type('text/html; charset=utf-8').send(
      page(
        mail.subject,
        `<p><a href="/demo/mail">← Tous les e-mails</a>${html}</p><article><dl>
<dt>À</dt><dd>${escapeHtml(mail.to_address)}</dd><dt>Objet</dt><dd>${escapeHtml(mail.subject)}</dd>
<dt>Date</dt><dd>${escapeHtml(mail.created_at.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' }))}</dd>
<dt>État</dt><dd>${escapeHtml(STATUS_LABEL[mail.status] ?? mail.status)}</dd></dl>
<pre>${linkify(escapeHtml(mail.text_body))}</pre></article>`,
      ),
    );
  });

  app.get<{ Params: { id: string } }>('/demo/mail/:id/html', async (request, reply) => {
    const id = z.uuid().safeParse(request.params.id);
    const mail = id.success
      ? await db
          .selectFrom('outgoing_mail')
          .select(['html_body'])
          .where('bank_id', '=', deps.bankId)
          .where('id', '=', id.data)
          .executeTakeFirst()
      : undefined;
    if (!mail?.html_body) return reply.code(404).type('text/plain; charset=utf-8').send('Pas de version HTML.');
    // A mail's HTML is shown as a mail client would: no script, no same-origin powers.
    return reply
      .header('content-security-policy', "sandbox; default-src 'none'; img-src data: http: https:; style-src 'unsafe-inline'")
      .type('text/html; charset=utf-8')
      .send(mail.html_body);
  });
}
