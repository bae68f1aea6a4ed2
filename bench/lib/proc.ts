// Process facts for benchmarks, read from Linux /proc: resident memory and CPU time of a server process,
// CPU pinning with util-linux `taskset`, and the bookkeeping that stops every child process and removes
// every temporary directory when the benchmark ends, fails or is interrupted (Ctrl-C).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** USER_HZ, the unit of utime/stime in /proc/<pid>/stat (almost always 100). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const n = Number.parseInt(out.stdout ?? '', 10);
    ticksPerSecond = Number.isFinite(n) && n > 0 ? n : 100;
  }
  return ticksPerSecond;
}

/** VmRSS and VmHWM (peak RSS) of a process, in KiB. */
export function readMemoryKb(pid: number): { rssKb: number; hwmKb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) : NaN;
  };
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

/** utime and stime of the whole process (every thread), in milliseconds. */
export function readCpuSplitMs(pid: number): { user: number; sys: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Field 2 (comm) is in parentheses and may contain spaces: count the fields after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state), so utime (field 14) is rest[11] and stime (field 15) rest[12].
  const toMs = 1000 / clockTicksPerSecond();
  return { user: Number(rest[11]) * toMs, sys: Number(rest[12]) * toMs };
}

/** utime + stime of the whole process (every thread), in milliseconds. */
export function readCpuMs(pid: number): number {
  const { user, sys } = readCpuSplitMs(pid);
  return user + sys;
}

/** The executable name of a process (`node`, `lua5.4`), to show what was measured. */
export function processName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** Per-CPU tick counters from /proc/stat: steal (time the hypervisor ran something else) and total. */
export function readCpuTicks(): { steal: number; total: number }[] {
  const out: { steal: number; total: number }[] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const m = /^cpu(\d+) (.*)$/.exec(line);
    if (!m) continue;
    const v = m[2]!.trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
    out[Number(m[1])] = { steal: v[7] ?? 0, total: v.slice(0, 8).reduce((a, b) => a + b, 0) };
  }
  return out;
}

/** Steal as a percentage of each CPU's time between two readings. */
export function stealPercent(before: { steal: number; total: number }[], after: { steal: number; total: number }[]): number[] {
  return after.map((a, i) => {
    const b = before[i];
    const dt = b ? a.total - b.total : 0;
    return b && dt > 0 ? (100 * (a.steal - b.steal)) / dt : NaN;
  });
}

/** Direct children of a process (e.g. the esbuild service tsx starts) with their RSS and CPU time. */
export function childProcesses(pid: number): { pid: number; name: string; rssKb: number; cpuMs: number }[] {
  const out: { pid: number; name: string; rssKb: number; cpuMs: number }[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      for (const c of list ? list.split(/\s+/).map(Number) : []) {
        try {
          out.push({ pid: c, name: processName(c), rssKb: readMemoryKb(c).rssKb, cpuMs: readCpuMs(c) });
        } catch { /* exited meanwhile */ }
      }
    }
  } catch { /* no /proc children files */ }
  return out;
}

/** This process's CPU time (user + system) in milliseconds. */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Whether `taskset` exists and the machine has at least two CPUs we may use. */
export function canPin(): boolean {
  const r = spawnSync('taskset', ['-p', String(process.pid)], { encoding: 'utf8' });
  if (r.status !== 0) return false;
  const m = /mask:\s*([0-9a-f]+)/i.exec(r.stdout);
  if (!m) return false;
  const mask = BigInt(`0x${m[1]}`);
  return (mask & 1n) !== 0n && (mask & 2n) !== 0n;
}

/** Pins every thread of this process to one CPU; threads started later inherit it. */
export function pinSelf(cpu: number): boolean {
  return spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' }).status === 0;
}

// ---- cleanup ---------------------------------------------------------------------------------------

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let keepTemp = false;

export function setKeepTemp(keep: boolean): void {
  keepTemp = keep;
}

/** Spawns a child that is killed when the benchmark exits, however it exits. */
export function spawnTracked(command: string, args: string[], opts: Parameters<typeof spawn>[2] = {}): ChildProcess {
  const child = spawn(command, args, opts);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export function trackTempDir(dir: string): string {
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  tempDirs.delete(dir);
  if (!keepTemp) rmSync(dir, { recursive: true, force: true });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
export async function stopChild(child: ChildProcess, graceMs = 6000): Promise<{ graceful: boolean }> {
  if (child.exitCode !== null || child.signalCode !== null) return { graceful: true };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const graceful = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), graceMs); }),
  ]);
  clearTimeout(timer);
  if (!graceful) {
    child.kill('SIGKILL');
    await exited;
  }
  return { graceful };
}

function killAllNow(): void {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch { /* already gone */ }
  }
  children.clear();
  if (!keepTemp) for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Kills children and removes temp dirs on exit, Ctrl-C, SIGTERM and uncaught errors. */
export function installCleanup(): void {
  process.on('exit', killAllNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      process.stderr.write(`\n${sig}: stopping the servers and cleaning up\n`);
      killAllNow();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (e) => {
    process.stderr.write(`uncaught error: ${e instanceof Error ? e.stack : String(e)}\n`);
    killAllNow();
    process.exit(1);
  });
  process.on('unhandledRejection', (e) => {
    process.stderr.write(`unhandled rejection: ${e instanceof Error ? e.stack : String(e)}\n`);
    killAllNow();
    process.exit(1);
  });
}
