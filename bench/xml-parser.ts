// XML stream parser throughput: Parley's XmlStreamParser against raw saxes, on the workload of
// [notification-service] §7.1 (50k Finesse-like pubsub <message> stanzas written in 1,400-byte chunks).
//
//   node --import tsx bench/xml-parser.ts [stanzas=50000] [runs=7] [which=all|parley|saxes|saxes-string]
//
// Prints the median of `runs` timed runs after one warm-up run, per parser.
import { TextDecoder } from 'node:util';
import { SaxesParser } from 'saxes';
import { XmlStreamParser } from '../src/xml/stream-parser.js';

const CHUNK = 1400;
const HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
  + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";

/** One pubsub event as Finesse sends it: the <Update> document is escaped text ([finesse-api] §4.1). */
function stanza(i: number): string {
  const id = 1001001 + (i % 20);
  const update = `<Update>
  <data>
    <user>
      <loginId>${id}</loginId>
      <lastName>Número ${i % 20}</lastName>
      <state>${i % 2 ? 'READY' : 'NOT_READY'}</state>
    </user>
  </data>
  <event>PUT</event>
  <requestId></requestId>
  <source>/finesse/api/User/${id}</source>
</Update>`;
  const escaped = update.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<message from='pubsub.localhost' to='${id}@localhost' id='m${i}'>`
    + "<event xmlns='http://jabber.org/protocol/pubsub#event'>"
    + `<items node='/finesse/api/User/${id}'><item id='a6ca891f-8b34-443f-8c7d-dac020d4${i}'>`
    + `<notification xmlns='http://jabber.org/protocol/pubsub'>${escaped}</notification>`
    + '</item></items></event></message>\n';
}

function input(n: number): Buffer {
  const parts = [HEADER];
  for (let i = 0; i < n; i++) parts.push(stanza(i));
  parts.push('</stream:stream>');
  return Buffer.from(parts.join(''), 'utf8');
}

type Runner = (chunks: Buffer[], strings: string[]) => number;

const runners: Record<string, Runner> = {
  parley(chunks) {
    let count = 0;
    const p = new XmlStreamParser((e) => {
      if (e.kind === 'stanza') count++;
      else if (e.kind === 'error') throw new Error(e.text);
    });
    for (const c of chunks) p.write(c);
    return count;
  },
  /** saxes alone, with the same streaming UTF-8 decoding, counting depth-2 elements. */
  saxes(chunks) {
    let count = 0;
    let depth = 0;
    const sax = new SaxesParser({ xmlns: true });
    const decoder = new TextDecoder('utf-8', { fatal: true });
    sax.on('opentag', () => { depth++; });
    sax.on('closetag', () => { if (--depth === 1) count++; });
    sax.on('text', () => {});
    for (const c of chunks) sax.write(decoder.decode(c, { stream: true }));
    return count;
  },
  /** saxes alone on text that is already decoded (the [notification-service] §7.1 setting). */
  'saxes-string'(_chunks, strings) {
    let count = 0;
    let depth = 0;
    const sax = new SaxesParser({ xmlns: true });
    sax.on('opentag', () => { depth++; });
    sax.on('closetag', () => { if (--depth === 1) count++; });
    sax.on('text', () => {});
    for (const s of strings) sax.write(s);
    return count;
  },
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  const n = Number(process.argv[2] ?? 50_000);
  const runs = Number(process.argv[3] ?? 7);
  const which = process.argv[4] ?? 'all';
  const data = input(n);
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += CHUNK) chunks.push(data.subarray(i, i + CHUNK));
  const decoder = new TextDecoder();
  const strings = chunks.map((c) => decoder.decode(c, { stream: true }));
  const mb = data.length / 1e6;
  console.log(`node ${process.version}, ${n} stanzas, ${mb.toFixed(1)} MB, ${CHUNK}-byte chunks, median of ${runs}`);
  for (const [name, run] of Object.entries(runners)) {
    if (which !== 'all' && which !== name) continue;
    if (run(chunks, strings) !== n) throw new Error(`${name}: wrong stanza count`);
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = process.hrtime.bigint();
      run(chunks, strings);
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
    const t = median(times);
    console.log(`${name.padEnd(13)} ${(mb / t).toFixed(1).padStart(6)} MB/s ${Math.round(n / t).toString().padStart(8)} stanzas/s`);
  }
}

main();
