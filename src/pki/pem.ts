// PEM text helpers (RFC 7468). Everything Parley writes ends with a newline: @peculiar/x509's
// toString("pem") does not, and a bundle glued without one breaks OpenSSL ([pki-cors] §2.5 gotcha 3).
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n[\s\S]*?-----END CERTIFICATE-----/g;

export function toPem(der: ArrayBuffer | Uint8Array, label: string): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Ensures exactly one trailing newline. */
export const withNewline = (pem: string): string => `${pem.trimEnd()}\n`;

/** The CERTIFICATE blocks of a PEM text, in order, each ending with a newline; other blocks are ignored. */
export function certificateBlocks(text: string): string[] {
  return (text.match(CERTIFICATE_BLOCK) ?? []).map(withNewline);
}

/** The first CERTIFICATE block (the end-entity certificate of a chain file), or undefined. */
export const firstCertificate = (text: string): string | undefined => certificateBlocks(text)[0];
