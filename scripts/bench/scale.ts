// `--scale`: the benchmark at several sizes, each in a process of its own (so memory
// figures do not carry over), and how cost grows with N. Cost grows "linearly or better"
// when the figure per opportunity at the largest N is no more than at the smallest
// (within a tolerance for timing noise on a shared machine).

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchReport } from './bench.js';

/** per-opportunity growth allowed before a figure counts as worse than linear */
export const LINEAR_TOLERANCE = 1.25;
export const EVENTS_PER_OPPORTUNITY = 100;

export interface ScaleOptions {
  sizes: readonly number[];
  maxEvents: number;
  storeServer: string | null;
  now: Date;
  extraArgs: readonly string[];
  progress: (message: string) => void;
}

export interface ScalePoint {
  opportunities: number;
  events: number;
  fullSyncSeconds: number;
  fullSyncApiCalls: number;
  fullSyncWriteCalls: number;
  fullSyncRecords: number;
  fullSyncWorkerPeakRssMb: number | null;
  dailyResyncApiCalls: number;
  naiveApiCalls: number;
  ingestEventsPerSecond: number;
  perOpportunity: { apiCalls: number; milliseconds: number; records: number; workerKb: number | null };
}

export interface ScaleReport {
  points: ScalePoint[];
  /** per-opportunity figure at the largest N ÷ at the smallest; ≤ LINEAR_TOLERANCE means linear or better */
  growth: { apiCalls: number; seconds: number; memory: number | null };
  linearOrBetter: { apiCalls: boolean; seconds: boolean; memory: boolean | null };
  fullSyncUnder1GbAtLargest: boolean | null;
  runs: BenchReport[];
}

function runOne(opportunities: number, events: number, options: ScaleOptions): Promise<BenchReport> {
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  const args = [
    ...process.execArgv,
    main,
    '--json',
    '--opportunities',
    String(opportunities),
    '--events',
    String(events),
    '--now',
    options.now.toISOString(),
    ...(options.storeServer ? ['--store', options.storeServer] : []),
    ...options.extraArgs
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (code !== 0) return reject(new Error(`the run with N = ${opportunities} exited with code ${code}`));
      try {
        resolve(JSON.parse(text) as BenchReport);
      } catch {
        reject(new Error(`the run with N = ${opportunities} printed no JSON object: ${text.slice(0, 200)}`));
      }
    });
  });
}

function point(report: BenchReport): ScalePoint {
  const n = report.opportunities;
  const worker = report.fullSync.workerPeakRssMb;
  return {
    opportunities: n,
    events: report.events,
    fullSyncSeconds: report.fullSync.seconds,
    fullSyncApiCalls: report.fullSync.apiCalls.total,
    fullSyncWriteCalls: report.fullSync.writeCalls,
    fullSyncRecords: report.fullSync.recordsWritten,
    fullSyncWorkerPeakRssMb: worker,
    dailyResyncApiCalls: report.dailyResync.apiCalls.total,
    naiveApiCalls: report.naiveBaseline.apiCalls.total,
    ingestEventsPerSecond: report.ingest.eventsPerSecond,
    perOpportunity: {
      apiCalls: report.fullSync.apiCalls.total / n,
      milliseconds: (1000 * report.fullSync.seconds) / n,
      records: report.fullSync.recordsWritten / n,
      workerKb: worker === null ? null : (1024 * worker) / n
    }
  };
}

export async function runScale(options: ScaleOptions): Promise<ScaleReport> {
  const runs: BenchReport[] = [];
  for (const size of [...options.sizes].sort((a, b) => a - b)) {
    const events = Math.min(options.maxEvents, size * EVENTS_PER_OPPORTUNITY);
    options.progress(`=== N = ${size}, M = ${events} ===`);
    runs.push(await runOne(size, events, options));
  }
  const points = runs.map(point);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) throw new Error('--scale needs at least one size');
  const growth = {
    apiCalls: last.perOpportunity.apiCalls / first.perOpportunity.apiCalls,
    seconds: last.perOpportunity.milliseconds / first.perOpportunity.milliseconds,
    memory:
      first.perOpportunity.workerKb === null || last.perOpportunity.workerKb === null
        ? null
        : last.perOpportunity.workerKb / first.perOpportunity.workerKb
  };
  return {
    points,
    growth,
    linearOrBetter: {
      apiCalls: growth.apiCalls <= LINEAR_TOLERANCE,
      seconds: growth.seconds <= LINEAR_TOLERANCE,
      memory: growth.memory === null ? null : growth.memory <= LINEAR_TOLERANCE
    },
    fullSyncUnder1GbAtLargest: last.fullSyncWorkerPeakRssMb === null ? null : last.fullSyncWorkerPeakRssMb < 1024,
    runs
  };
}

export function formatScale(report: ScaleReport): string {
  const rows = report.points.map((p) => [
    p.opportunities.toLocaleString('en-US'),
    p.events.toLocaleString('en-US'),
    p.fullSyncApiCalls.toLocaleString('en-US'),
    p.fullSyncWriteCalls.toLocaleString('en-US'),
    p.fullSyncRecords.toLocaleString('en-US'),
    p.fullSyncSeconds.toFixed(1),
    p.fullSyncWorkerPeakRssMb === null ? '' : p.fullSyncWorkerPeakRssMb.toLocaleString('en-US'),
    p.dailyResyncApiCalls.toLocaleString('en-US'),
    p.naiveApiCalls.toLocaleString('en-US'),
    p.perOpportunity.apiCalls.toFixed(4),
    p.perOpportunity.milliseconds.toFixed(2),
    p.perOpportunity.workerKb === null ? '' : p.perOpportunity.workerKb.toFixed(1)
  ]);
  const header = [
    'N',
    'events',
    'calls',
    'writes',
    'records',
    'seconds',
    'worker MB',
    'day calls',
    'naive calls',
    'calls/opp',
    'ms/opp',
    'KB/opp'
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  const yes = (holds: boolean | null) => (holds === null ? '[?]' : holds ? '[x]' : '[ ]');
  const { growth, linearOrBetter } = report;
  return [
    'Full first sync by size (each size in its own process; "worker MB" is the sync process\'s peak):',
    line(header),
    ...rows.map(line),
    '',
    `Per-opportunity cost at the largest N ÷ at the smallest (≤ ${LINEAR_TOLERANCE} counts as linear or better):`,
    `  ${yes(linearOrBetter.apiCalls)} API calls ${growth.apiCalls.toFixed(3)}`,
    `  ${yes(linearOrBetter.seconds)} time ${growth.seconds.toFixed(3)}`,
    `  ${yes(linearOrBetter.memory)} worker memory ${growth.memory === null ? 'not measured (inline)' : growth.memory.toFixed(3)}`,
    `  ${yes(report.fullSyncUnder1GbAtLargest)} full sync at the largest N under 1 GB of worker memory`
  ].join('\n');
}
