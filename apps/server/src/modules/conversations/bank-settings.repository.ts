import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/db.types.ts';

export interface BankSettings {
  signatureTemplate: string;
  crisisMode: boolean;
  complaintApprovalThreshold: number;
}

export const DEFAULT_BANK_SETTINGS: BankSettings = { signatureTemplate: '— {prenom}', crisisMode: false, complaintApprovalThreshold: -0.6 };

export async function getBankSettings(db: Kysely<DB> | Transaction<DB>, bankId: string): Promise<BankSettings> {
  const row = await db
    .selectFrom('bank_settings')
    .select(['signature_template', 'crisis_mode', 'complaint_approval_threshold'])
    .where('bank_id', '=', bankId)
    .executeTakeFirst();
  if (!row) return DEFAULT_BANK_SETTINGS;
  return {
    signatureTemplate: row.signature_template,
    crisisMode: row.crisis_mode,
    complaintApprovalThreshold: row.complaint_approval_threshold,
  };
}

export async function saveBankSettings(tx: Transaction<DB>, bankId: string, settings: BankSettings): Promise<void> {
  const values = {
    signature_template: settings.signatureTemplate,
    crisis_mode: settings.crisisMode,
    complaint_approval_threshold: settings.complaintApprovalThreshold,
    updated_at: new Date(),
  };
  await tx
    .insertInto('bank_settings')
    .values({ bank_id: bankId, ...values })
    .onConflict((oc) => oc.column('bank_id').doUpdateSet(values))
    .execute();
}
