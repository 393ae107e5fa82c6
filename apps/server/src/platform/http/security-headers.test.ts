import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAgora, type TestAgora } from '../testing/test-agora.ts';

/** The headers every answer carries (helmet), whatever the route: pages, API, webhooks. */
describe('security headers', () => {
  let agora: TestAgora;
  beforeAll(async () => {
    agora = await startTestAgora({ database: 'pglite' });
  });
  afterAll(async () => agora?.stop());

  it.each(['/healthz', '/api/conversations', '/webhooks/meta?hub.mode=subscribe'])('on %s', async (path) => {
    const response = await fetch(`${agora.url}${path}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("connect-src 'self' ws: wss:");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});
