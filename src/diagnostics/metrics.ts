// A small Prometheus registry (pure): counters, histograms and gauges read at scrape time, rendered in the
// text exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/).
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Readonly<Record<string, string>>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const escapeHelp = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
export const escapeLabelValue = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** `1.5` → "1.5", Infinity → "+Inf", NaN → "NaN". */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return '';
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

const keyOf = (labels: Labels): string => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  samples(): string[];
}

export interface Counter {
  inc(labels?: Labels, by?: number): void;
  value(labels?: Labels): number;
}

export interface Histogram {
  observe(value: number, labels?: Labels): void;
  count(labels?: Labels): number;
}

export type GaugeReading = number | undefined | readonly { readonly labels: Labels; readonly value: number }[];

/** Upper bounds for latencies in seconds, from 0.5 ms to 10 s. */
export const LATENCY_BUCKETS_S: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class MetricsRegistry {
  readonly #families = new Map<string, Family>();

  #add(f: Family): void {
    if (!NAME.test(f.name)) throw new TypeError(`bad metric name ${f.name}`);
    if (this.#families.has(f.name)) throw new TypeError(`metric ${f.name} registered twice`);
    this.#families.set(f.name, f);
  }

  counter(name: string, help: string): Counter {
    const values = new Map<string, { labels: Labels; value: number }>();
    this.#add({
      name, help, type: 'counter',
      samples: () => [...values.values()].map((v) => `${name}${labelText(v.labels)} ${formatValue(v.value)}`),
    });
    return {
      inc(labels: Labels = {}, by = 1) {
        if (!(by >= 0)) return; // counters only go up
        for (const k of Object.keys(labels)) if (!LABEL.test(k)) throw new TypeError(`bad label name ${k}`);
        const key = keyOf(labels);
        const entry = values.get(key);
        if (entry) entry.value += by;
        else values.set(key, { labels: { ...labels }, value: by });
      },
      value: (labels: Labels = {}) => values.get(keyOf(labels))?.value ?? 0,
    };
  }

  /** A gauge read at scrape time; `undefined` leaves it out of the scrape (e.g. no CTI link configured). */
  gauge(name: string, help: string, read: () => GaugeReading): void {
    this.#add({
      name, help, type: 'gauge',
      samples: () => {
        let r: GaugeReading;
        try { r = read(); } catch { return []; }
        if (r === undefined) return [];
        if (typeof r === 'number') return [`${name} ${formatValue(r)}`];
        return r.map((s) => `${name}${labelText(s.labels)} ${formatValue(s.value)}`);
      },
    });
  }

  histogram(name: string, help: string, buckets: readonly number[] = LATENCY_BUCKETS_S): Histogram {
    const bounds = [...buckets].sort((a, b) => a - b);
    const series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
    this.#add({
      name, help, type: 'histogram',
      samples: () => {
        const out: string[] = [];
        for (const s of series.values()) {
          let cumulative = 0;
          bounds.forEach((b, i) => {
            cumulative += s.counts[i]!;
            out.push(`${name}_bucket${labelText(s.labels, ['le', formatValue(b)])} ${cumulative}`);
          });
          out.push(`${name}_bucket${labelText(s.labels, ['le', '+Inf'])} ${s.count}`);
          out.push(`${name}_sum${labelText(s.labels)} ${formatValue(s.sum)}`);
          out.push(`${name}_count${labelText(s.labels)} ${s.count}`);
        }
        return out;
      },
    });
    return {
      observe(value: number, labels: Labels = {}) {
        if (!Number.isFinite(value)) return;
        const key = keyOf(labels);
        let s = series.get(key);
        if (!s) series.set(key, (s = { labels: { ...labels }, counts: bounds.map(() => 0), sum: 0, count: 0 }));
        const i = bounds.findIndex((b) => value <= b);
        if (i >= 0) s.counts[i]!++;
        s.sum += value;
        s.count++;
      },
      count: (labels: Labels = {}) => series.get(keyOf(labels))?.count ?? 0,
    };
  }

  /** The whole exposition, families in registration order. */
  render(): string {
    const lines: string[] = [];
    for (const f of this.#families.values()) {
      const samples = f.samples();
      if (samples.length === 0 && f.type === 'gauge') continue;
      lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`, ...samples);
    }
    return `${lines.join('\n')}\n`;
  }
}
