import { verify } from 'otplib';

// One 30-second step either side, as for staff: a phone clock a little off still works.
const TOTP_TOLERANCE_SECONDS = 30;

/**
 * The time step of a valid code, or null. A step not later than `afterStep` (the last one spent)
 * is refused: a code seen over a shoulder, or sent twice, opens nothing the second time.
 */
export async function totpStepOf(secret: string, code: string, afterStep: number | null): Promise<number | null> {
  try {
    const result = await verify({
      secret,
      token: code,
      epochTolerance: TOTP_TOLERANCE_SECONDS,
      ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
    });
    if (!result.valid || !('timeStep' in result)) return null;
    return result.timeStep;
  } catch {
    return null;
  }
}
