import type { Database } from '../db/database.ts';
import type { KeyProvider } from './key-provider.ts';
import './envelope.ts';

export interface RotationResult {
  /** Data keys now wrapped by `provider`'s current master key that were not before. */
  rewrapped: number;
  alreadyCurrent: number;
}

/**
 * Re-wraps every bank's data keys under the provider's current master key. The data keys
 * themselves do not change, so nothing sealed with them is touched and servers that cached them
 * keep working; a server that meets a re-wrapped key later unwraps it with the new master key
 * (configured as current, or re-read from the demo key file). One row at a time, each under its
 * row lock: safe while the servers run and if two rotations race.
 */
export async function rewrapDataKeys(database: Database, provider: KeyProvider & { keyId: string }): Promise<RotationResult> {
  const rows = await database.db.selectFrom('tenant_data_keys').select(['id', 'key_id']).orderBy('id').execute();
  let rewrapped = 0;
  let alreadyCurrent = 0;
  for (const { id, key_id } of rows) {
    if (key_id === provider.keyId) {
      alreadyCurrent++;
      continue;
    }
    const changed = await database.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('tenant_data_keys')
        .select(['key_id', 'wrapped_key'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (row.key_id === provider.keyId) return false;
      const dataKey = await provider.unwrap(row.key_id, row.wrapped_key);
      const { keyId, wrapped } = await provider.wrap(dataKey);
      await tx.updateTable('tenant_data_keys').set({ key_id: keyId, wrapped_key: wrapped }).where('id', '=', id).execute();
      return true;
    });
    if (changed) rewrapped++;
    else alreadyCurrent++;
  }
  return { rewrapped, alreadyCurrent };
}
