// TLS key logging for capture decryption (issue 10 item 4): when `tls.keylogFile` is set (SSLKEYLOGFILE
// sets it too), every TLS listener appends the NSS key-log lines of its connections
// (https://udn.realityripple.com/docs/Mozilla/Projects/NSS/Key_Log_Format: "CLIENT_RANDOM <hex> <hex>" for
// TLS 1.2, "CLIENT_HANDSHAKE_TRAFFIC_SECRET …" and friends for TLS 1.3), so Wireshark or tshark decrypts
// a capture of port 7443, 8445, 5222 (after STARTTLS), 5223 or the CTI port. Node emits the lines through
// the 'keylog' event of tls.Server and TLSSocket. The file is created 0600; a write failure is reported
// once and never disturbs a connection.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Server as TlsServer, TLSSocket } from 'node:tls';

export interface KeylogWriter {
  readonly file: string;
  /** Appends one key-log line as Node emits it (with its newline). */
  write(line: Buffer): void;
  /** Listens to a TLS server's 'keylog' event; returns the detach function. */
  attachServer(server: TlsServer): () => void;
  /** Listens to one socket (STARTTLS upgrades, which no tls.Server sees). */
  attachSocket(socket: TLSSocket): void;
}

export function keylogWarning(file: string): string {
  return `WARNING: TLS key logging is ON (tls.keylogFile / SSLKEYLOGFILE): the secrets of every TLS connection of this server are appended to ${file}. `
    + 'Anyone who can read that file and a capture can decrypt the traffic, passwords included. Use it only while reproducing a problem, then unset it and delete the file.';
}

export function createKeylogWriter(file: string, onProblem: (message: string) => void): KeylogWriter {
  let failed = false;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  } catch { /* reported at the first write */ }
  const write = (line: Buffer): void => {
    try {
      appendFileSync(file, line, { mode: 0o600 });
      failed = false;
    } catch (e) {
      if (!failed) onProblem(`cannot write the TLS key log ${file}: ${(e as Error).message}`);
      failed = true;
    }
  };
  return {
    file,
    write,
    attachServer(server) {
      const listener = (line: Buffer): void => write(line);
      server.on('keylog', listener);
      return () => { server.off('keylog', listener); };
    },
    attachSocket(socket) {
      socket.on('keylog', (line: Buffer) => write(line));
    },
  };
}
