import { type Algorithm, hash, verify } from '@node-rs/argon2';

// Algorithm is an ambient const enum, which verbatimModuleSyntax forbids reading: its Argon2id
// member is 2 (password.test.ts checks the hashes really start with $argon2id$).
const ARGON2ID = 2 as Algorithm;

/**
 * argon2id with OWASP's baseline (19 MiB, 2 passes, 1 lane): about 20–40 ms per check on a
 * server core — slow for a guessing attacker, cheap for one person signing in.
 */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False, never a throw, for a malformed stored hash: a damaged row must not become a 500. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A real hash of a random string: unknown accounts spend the same time as known ones, so the
// response time does not reveal which e-mail addresses have an account.
let dummyHash: Promise<string> | null = null;
export async function spendPasswordCheckTime(password: string): Promise<void> {
  dummyHash ??= hash(`agora-dummy-${Math.random()}`, OPTIONS);
  await verifyPassword(await dummyHash, password);
}
