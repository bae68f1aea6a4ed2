// Why a connection to the CTI port was refused, in words an administrator can act on. One log line
// per refusal names the reason (issue 11 "Bad input"): no client certificate, untrusted CA, missing
// clientAuth EKU, expired certificate, plain TCP.

/** OID of the clientAuth extended key usage (RFC 5280 §4.2.1.12, id-kp-clientAuth). */
export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export const UNSECURED_MODE = 'unsecured mode is not supported';

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED', 'CERT_REJECTED',
]);

/** A certificate verification error (tls.TLSSocket#authorizationError) in words. */
export function describeAuthorizationError(code: string): string {
  if (code === 'CERT_HAS_EXPIRED') return 'expired client certificate (CERT_HAS_EXPIRED)';
  if (code === 'CERT_NOT_YET_VALID') return 'client certificate not yet valid (CERT_NOT_YET_VALID)';
  // OpenSSL checks the purpose of the client certificate itself: no clientAuth EKU fails here.
  if (code === 'INVALID_PURPOSE') return 'client certificate without the clientAuth EKU (INVALID_PURPOSE)';
  if (UNTRUSTED.has(code)) return `client certificate from an untrusted CA (${code})`;
  return `client certificate rejected (${code})`;
}

/** The reason of a failed TLS handshake (the tls.Server 'tlsClientError' event). */
export function describeHandshakeError(error: NodeJS.ErrnoException, authorizationError: string | null | undefined): string {
  if (authorizationError) return describeAuthorizationError(authorizationError);
  switch (error.code) {
    case 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE': return 'no client certificate (mutual TLS is required)';
    case 'ERR_SSL_UNSUPPORTED_PROTOCOL':
    case 'ERR_SSL_NO_PROTOCOLS_AVAILABLE': return 'TLS version below 1.2';
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_HTTP_REQUEST':
    case 'ERR_SSL_UNKNOWN_PROTOCOL': return `not TLS: ${UNSECURED_MODE}`;
    case 'ERR_TLS_HANDSHAKE_TIMEOUT': return 'TLS handshake timed out';
    case 'ECONNRESET': return 'the client closed the connection during the TLS handshake';
    default: return `TLS handshake failed (${error.code ?? error.message})`;
  }
}
