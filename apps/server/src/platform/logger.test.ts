import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('logger', () => {
  it('redacts secrets, cookies, signatures and message bodies wherever they are logged', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info(
      {
        req: { headers: { cookie: 'agora_session=abc123', 'x-hub-signature-256': 'sha256=deadbeef', authorization: 'Bearer tok' } },
        user: { email: 'camille@example.fr', password: 'hunter2-hunter2' },
        message: { body: 'Mon IBAN FR76 3000 6000 0112 3456 7890 189', text: 'mon code est 1234' },
      },
      'something happened',
    );
    const out = lines.join('');
    for (const leaked of ['abc123', 'deadbeef', 'Bearer tok', 'camille@example.fr', 'hunter2', 'FR76', 'code est 1234'])
      expect(out).not.toContain(leaked);
    expect(out).toContain('something happened');
    expect(out).toContain('[redacted]');
  });
});
