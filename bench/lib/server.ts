// What the benchmark needs from a server under test, whichever it is.

export interface ServerOptions {
  domain: string;
  /** STARTTLS required and used (true), or plaintext PLAIN allowed and no TLS at all (false). */
  tls: boolean;
  /** CPU to pin the server to with taskset, or undefined for no pinning. */
  pinCpu: number | undefined;
  /** Users are `${firstUser}` … `${firstUser + count - 1}`, password `userPassword`. */
  firstUser: number;
  userPassword: string;
  /** The administrator (`admin@domain`) may create and publish to any node. */
  adminPassword: string;
  /** Users that will be provisioned (Prosody writes account files before starting). */
  count: number;
  /** Prosody only: Lua GC mode, or undefined for Prosody's default (incremental, threshold 105, speed 500). */
  prosodyGc?: 'incremental' | 'generational';
}

export interface ServerUnderTest {
  name: string;
  version: string;
  /** Parley only: fingerprint of the sources the process was started from (see parleySourceFingerprint). */
  sourceHash?: string;
  /** The process whose /proc/<pid> figures are reported. */
  pid: number;
  /** XMPP c2s port (STARTTLS offered) on 127.0.0.1. */
  port: number;
  /** PEM the client trusts to verify the server certificate. */
  ca: Buffer;
  /** Exact command, configuration and notes for the report. */
  configText: string;
  /** Creates the users (if not done before the start). */
  provision(count: number): Promise<void>;
  /** Whether the administrator must create each user's node over XMPP before users subscribe. */
  createsNodes: boolean;
  stop(): Promise<{ graceful: boolean }>;
  logTail(): string;
}
