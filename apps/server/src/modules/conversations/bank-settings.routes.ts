import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/app-deps.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { principalOf, requireStaff } from '../../platform/auth/staff-principal.ts';
import { AppError } from '../../platform/errors.ts';
import { getBankSettings, saveBankSettings } from './bank-settings.repository.ts';

const settingsSchema = z.object({
  signatureTemplate: z
    .string()
    .trim()
    .min(1, 'La signature ne peut pas être vide')
    .max(80)
    .refine((t) => t.includes('{prenom}'), 'La signature doit contenir {prenom} : l’expéditeur est identifié')
    .optional(),
  crisisMode: z.boolean().optional(),
  complaintApprovalThreshold: z.number().min(-1).max(0).optional(),
});

/** The bank's rules settings: read by all staff (the composer shows them), changed by admins; crisis mode by supervisors too. */
export async function registerBankSettingsRoutes(app: FastifyInstance, deps: AppDeps) {
  const tags = ['settings'];
  app.get('/api/settings/rules', { preHandler: requireStaff(), schema: { tags } }, async (request) =>
    getBankSettings(deps.database.db, principalOf(request).bankId),
  );
  app.put('/api/settings/rules', { preHandler: requireStaff(['admin', 'supervisor']), schema: { tags } }, async (request) => {
    const p = principalOf(request);
    const input = settingsSchema.parse(request.body);
    if (p.role !== 'admin' && (input.signatureTemplate !== undefined || input.complaintApprovalThreshold !== undefined)) {
      throw new AppError('forbidden', 'role_forbidden', 'Seul un administrateur change la signature et le seuil des réclamations.');
    }
    return deps.database.db.transaction().execute(async (tx) => {
      const current = await getBankSettings(tx, p.bankId);
      const next = { ...current, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
      await saveBankSettings(tx, p.bankId, next);
      await appendAudit(tx, {
        bankId: p.bankId,
        actorId: p.userId,
        actorLabel: `${p.displayName} (${p.role})`,
        action:
          input.crisisMode !== undefined && input.crisisMode !== current.crisisMode
            ? input.crisisMode
              ? 'crisis_mode.on'
              : 'crisis_mode.off'
            : 'settings.rules_changed',
        targetType: 'bank',
        targetId: p.bankId,
        details: { before: current, after: next },
      });
      return next;
    });
  });
}
