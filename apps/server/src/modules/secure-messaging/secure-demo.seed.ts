import type { AppDeps } from '../../platform/app-deps.ts';
import type { ClientPrincipal } from '../../platform/auth/client-principal.ts';
import type { StaffPrincipal } from '../../platform/auth/staff-principal.ts';
import './secure.tables.ts';
import { uploadAttachment } from './secure-attachments.service.ts';
import { markRead, openThreadAsClient, postMessage } from './secure-thread.service.ts';

// A one-page PDF, small and valid: the demo's attachment goes through the same sniffing and sealing.
const DEMO_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length 55>>stream\nBT /F1 18 Tf 24 70 Td (Avis d imposition 2026) Tj ET\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/**
 * Demo mode: Julie Moreau's secure thread with her advisor (a question, an answer, a document),
 * written through the services so it is sealed like any other. Does nothing when a thread exists.
 */
export async function seedSecureMessagingDemo(deps: AppDeps): Promise<void> {
  const db = deps.database.db;
  const any = await db.selectFrom('secure_threads').select(['id']).where('bank_id', '=', deps.bankId).limit(1).executeTakeFirst();
  if (any) return;
  const client = await db
    .selectFrom('clients as c')
    .innerJoin('staff_users as u', 'u.id', 'c.advisor_id')
    .select([
      'c.id',
      'c.first_name',
      'c.last_name',
      'c.email',
      'c.advisor_id',
      'u.display_name',
      'u.first_name as advisor_first_name',
      'u.email as advisor_email',
    ])
    .where('c.bank_id', '=', deps.bankId)
    .where('c.email', '=', 'julie.moreau@exemple-client.fr')
    .executeTakeFirst();
  if (!client?.advisor_id) return;
  const clientPrincipal: ClientPrincipal = {
    clientId: client.id,
    bankId: deps.bankId,
    firstName: client.first_name,
    lastName: client.last_name,
    email: client.email ?? '',
    advisorId: client.advisor_id,
    csrfToken: '',
    sessionId: '',
    reauthenticatedAt: new Date(),
  };
  const advisor: StaffPrincipal = {
    userId: client.advisor_id,
    bankId: deps.bankId,
    role: 'advisor',
    teamIds: [],
    email: client.advisor_email,
    firstName: client.advisor_first_name,
    displayName: client.display_name,
    csrfToken: '',
    sessionId: '',
  };
  const asClient = { kind: 'client', principal: clientPrincipal } as const;
  const { id } = await openThreadAsClient(deps, clientPrincipal, {
    subject: 'Mon dossier de prêt immobilier',
    body: 'Bonjour, quels documents dois-je vous fournir pour le prêt de notre appartement à Nantes ?',
    recipient: 'advisor',
  });
  await markRead(deps, { kind: 'staff', principal: advisor }, id);
  await postMessage(deps, { kind: 'staff', principal: advisor }, id, {
    body: `Bonjour ${client.first_name}, il me faut votre dernier avis d'imposition et vos trois derniers bulletins de salaire. Vous pouvez les joindre ici en toute sécurité.`,
    attachmentIds: [],
  });
  await markRead(deps, asClient, id);
  const file = await uploadAttachment(deps, asClient, id, DEMO_PDF, 'avis-imposition-2026.pdf');
  await postMessage(deps, asClient, id, { body: "Voici mon avis d'imposition, les bulletins suivent demain.", attachmentIds: [file.id] });
}
