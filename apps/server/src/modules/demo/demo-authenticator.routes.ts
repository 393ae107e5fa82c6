import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/app-deps.ts';
import { escapeHtml } from '../../platform/text.ts';
import { DEMO_CLIENTS, demoClientCode } from './demo-clients.ts';

/**
 * The demo clients' phone: the current code of their authenticator app, so that a person trying
 * the secure space signs in with two factors without installing anything. Demo mode only, and
 * without sign-in on purpose: these accounts and their keys are public demo values (the banner
 * prints them too); a production deployment never registers this page.
 */
export async function registerDemoAuthenticatorRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  if (!deps.config.demoMode) return;
  app.get('/demo/authenticator', async (_request, reply) => {
    const rows = await Promise.all(
      DEMO_CLIENTS.map(
        async (c) =>
          `<tr><td>${escapeHtml(`${c.firstName} ${c.lastName}`)}<div class="muted">${escapeHtml(c.email)}</div></td><td class="code" data-testid="code-${escapeHtml(c.email)}">${await demoClientCode(c)}</td></tr>`,
      ),
    );
    const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${secondsLeft}"><title>Authentificateur de démonstration</title>
<style>body{font-family:system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1b1f24}header{background:#1c3d5a;color:#fff;padding:14px 24px}
header h1{font-size:18px;margin:0}header p{margin:4px 0 0;font-size:13px;opacity:.85}main{max-width:560px;margin:20px auto;padding:0 16px}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:8px;box-shadow:0 1px 2px #0001}td{padding:12px 16px;border-bottom:1px solid #e8eaee}
.code{font:600 28px/1 ui-monospace,monospace;letter-spacing:4px;text-align:right}.muted{color:#5b6570;font-size:13px}</style></head>
<body><header><h1>Authentificateur de démonstration</h1><p>Le téléphone des clients de démonstration : le code change toutes les 30 secondes (encore ${secondsLeft} s).</p></header>
<main><table>${rows.join('')}</table></main></body></html>`);
  });
}
