import { describe, expect, it } from 'vitest';
import { cleanFileName, sniffFileType } from './file-sniffing.ts';

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('file type sniffing', () => {
  it('recognises images and PDF by their first bytes', () => {
    expect(sniffFileType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'rest'))?.mime).toBe('image/png');
    expect(sniffFileType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))?.mime).toBe('image/jpeg');
    expect(sniffFileType(bytes('GIF89a', [1, 0]))?.mime).toBe('image/gif');
    expect(sniffFileType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))?.mime).toBe('image/webp');
    expect(sniffFileType(bytes('%PDF-1.7\n'))).toEqual({ mime: 'application/pdf', extension: 'pdf', kind: 'file' });
  });

  it('refuses what it does not know, whatever the name says', () => {
    expect(sniffFileType(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(sniffFileType(bytes('MZ', [0x90, 0]))).toBeNull(); // a Windows executable renamed .pdf
    expect(sniffFileType(bytes('RIFF', [0, 0, 0, 0], 'WAVE'))).toBeNull();
    expect(sniffFileType(new Uint8Array())).toBeNull();
  });

  it('keeps a clean name whose extension follows the content', () => {
    const pdf = sniffFileType(bytes('%PDF-1.4'))!;
    expect(cleanFileName('..%2F..%2Fetc%2Frelev%C3%A9.exe', pdf)).toBe('relevé.pdf');
    expect(cleanFileName(undefined, pdf)).toBe('fichier.pdf');
    expect(cleanFileName('a"b<c>.png', pdf)).toBe('abc.pdf');
  });
});
