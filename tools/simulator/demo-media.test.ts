import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerDemoMedia } from './demo-media.ts';

describe('demo media', () => {
  it('serves the SVG images and the PDF with their content types, 404 otherwise', async () => {
    const app = Fastify();
    registerDemoMedia(app);
    const svg = await app.inject({ method: 'GET', url: '/cdn/erreur-503.svg' });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('Erreur 503');
    const pdf = await app.inject({ method: 'GET', url: '/cdn/releve-frais.pdf' });
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.body.startsWith('%PDF-1.4')).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/cdn/constructor' })).statusCode).toBe(404);
    await app.close();
  });
});
