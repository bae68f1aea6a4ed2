// The one door to @peculiar/x509: every PKI module imports the library from here, never directly.
// The Reflect shim must be evaluated before the library (ES module imports run in source order), and
// the WebCrypto provider is set once. [pki-cors] §2.2, §2.5 gotchas 1 and 7.
import './reflect-metadata-shim.js';
import * as x509 from '@peculiar/x509';

// `globalThis.crypto` rather than node:crypto's `webcrypto`: the latter fails tsc --strict against the
// DOM-style `Crypto` type x509 declares ([pki-cors] §2.5 gotcha 7).
x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
