import { randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import { seedDemoAccounts } from '../../connectors/core-banking/demo-core-banking.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import '../../platform/auth/client-auth.tables.ts';
import { hashPassword } from '../../platform/auth/password.ts';

export interface DemoClient {
  email: string;
  /** Printed on the demo start-up banner; demo mode only, never in production. */
  password: string;
  /** The authenticator key of this demo account: public on purpose, /demo/authenticator shows its codes. */
  totpSecret: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  advisorEmail: string;
}

/** Clients of Banque Exemple whose secure space is already activated, one per advisor. */
export const DEMO_CLIENTS: readonly DemoClient[] = [
  {
    email: 'julie.moreau@exemple-client.fr',
    password: 'Client-Demo-2026',
    totpSecret: '7ASKFNJ73EV6ILYRFPDUGQUVFZMEWFEH',
    firstName: 'Julie',
    lastName: 'Moreau',
    birthDate: '1988-06-14',
    advisorEmail: 'conseillere@banque-exemple.fr',
  },
  {
    email: 'marc.lefebvre@exemple-client.fr',
    password: 'Client-Demo-2027',
    totpSecret: 'TPO6OHLCAYMNT6TQHY2JM2LF3O4HBR4T',
    firstName: 'Marc',
    lastName: 'Lefebvre',
    birthDate: '1975-11-02',
    advisorEmail: 'conseiller@banque-exemple.fr',
  },
];

export const demoClientCode = (client: DemoClient) => generate({ secret: client.totpSecret });

/** The demo clients with an active secure space, and bank accounts for them. */
export async function insertDemoClientAccounts(deps: AppDeps, staffIds: Map<string, string>): Promise<void> {
  for (const [i, demo] of DEMO_CLIENTS.entries()) {
    const clientId = randomUUID();
    await deps.database.db
      .insertInto('clients')
      .values({
        id: clientId,
        bank_id: deps.bankId,
        first_name: demo.firstName,
        last_name: demo.lastName,
        email: demo.email,
        phone: `+33 6 12 34 56 ${String(10 + i)}`,
        birth_date: demo.birthDate,
        advisor_id: staffIds.get(demo.advisorEmail) ?? null,
      })
      .execute();
    await deps.database.db
      .insertInto('client_accounts')
      .values({
        client_id: clientId,
        bank_id: deps.bankId,
        password_hash: await hashPassword(demo.password),
        totp_secret: demo.totpSecret,
        totp_enabled: true,
        status: 'active',
        activated_at: new Date(),
      })
      .execute();
    await seedDemoAccounts(deps.database, deps.bankId, clientId, 9000 + i, {
      currentCents: 384_712 - i * 120_000,
      savingsCents: 1_250_000 + i * 830_000,
    });
  }
}
