/**
 * Typed errors with a stable string code and a message safe to show to a person. Services throw
 * these; the HTTP edge maps them to a status once (http/error-handler.ts). Services never throw
 * HTTP errors.
 */
export type AppErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (code: string, message: string) => new AppError('not_found', code, message);
export const forbidden = (code: string, message: string) => new AppError('forbidden', code, message);
export const conflict = (code: string, message: string) => new AppError('conflict', code, message);
export const invalid = (code: string, message: string, details?: unknown) => new AppError('validation', code, message, details);
export const unauthenticated = (code: string, message: string) => new AppError('unauthenticated', code, message);
