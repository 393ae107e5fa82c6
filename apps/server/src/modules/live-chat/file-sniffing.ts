/**
 * What a visitor's file really is, read from its first bytes: the name and the Content-Type
 * header are the sender's claims and prove nothing. Only types an agent can open safely are
 * known; SVG (scriptable) and everything else are refused.
 */
export interface SniffedType {
  mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'application/pdf';
  extension: string;
  kind: 'image' | 'file';
}

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

export function sniffFileType(bytes: Uint8Array): SniffedType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', extension: 'png', kind: 'image' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', extension: 'jpg', kind: 'image' };
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a')))
    return { mime: 'image/gif', extension: 'gif', kind: 'image' };
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8))
    return { mime: 'image/webp', extension: 'webp', kind: 'image' };
  if (startsWith(bytes, ascii('%PDF-'))) return { mime: 'application/pdf', extension: 'pdf', kind: 'file' };
  return null;
}

/** A file name safe to store and to put in a header: no path, no control characters, bounded. */
export function cleanFileName(raw: string | undefined, sniffed: SniffedType): string {
  let decoded = raw ?? '';
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // keep the raw text
  }
  const base = decoded.split(/[\\/]/).pop() ?? '';
  // Control characters and quotes/brackets out: the name goes into a header and a link.
  const cleaned = [...base]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && !'"<>'.includes(c))
    .join('')
    .trim()
    .slice(0, 120);
  const stem = cleaned.replace(/\.[^.]*$/, '') || 'fichier';
  // The extension follows the real content, never the claim.
  return `${stem}.${sniffed.extension}`;
}
