// The benchmark's readable report: the phases side by side, where the full sync's time
// went, and whether each target of DESIGN §7 holds.

import type { BenchReport, SyncFigures } from './bench.js';
import type { NaiveFigures } from './naive.js';
import { CALL_KINDS } from './measure.js';
import { WRITE_CALL_SLACK } from './targets.js';
import { COMPUTE_CHUNK } from '../../worker/sync/run.js';

const number = (value: number): string => value.toLocaleString('en-US');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)];
}

function phaseRow(label: string, figures: SyncFigures | NaiveFigures): string[] {
  const minimum = 'minimumWriteCalls' in figures ? number(figures.minimumWriteCalls) : '';
  const memory =
    'workerPeakRssMb' in figures && figures.workerPeakRssMb !== null ? number(figures.workerPeakRssMb) : '';
  return [
    label,
    figures.seconds.toFixed(1),
    number(figures.apiCalls.total),
    ...CALL_KINDS.map((kind) => number(figures.apiCalls[kind])),
    number(figures.writeCalls),
    minimum,
    number(figures.recordsWritten),
    memory
  ];
}

/** runSync's progress lines as durations: each step lasts until the next one starts. */
function stepDurations(figures: SyncFigures): { seconds: number; rssMb: number; heapMb: number; message: string }[] {
  return figures.steps.map((step, i) => ({
    seconds: Math.round(((figures.steps[i + 1]?.at ?? figures.seconds) - step.at) * 1000) / 1000,
    rssMb: step.rssMb,
    heapMb: step.heapMb,
    message: step.message.trim()
  }));
}

/** The full sync's compute step (its indented lines included): how long it took and how much the worker grew meanwhile. */
function metricsStepText(figures: SyncFigures): string {
  const index = figures.steps.findIndex((step) => step.message.startsWith('Computing usage metrics'));
  const step = figures.steps[index];
  const next = figures.steps.slice(index + 1).find((later) => !later.message.startsWith(' '));
  if (index < 0 || !step || !next) return '';
  const seconds = next.at - step.at;
  return `: that step (metrics, evaluation and diff, ${COMPUTE_CHUNK.toLocaleString('en-US')} opportunities at a time) took ${seconds.toFixed(1)} s and the worker grew by ${number(next.rssMb - step.rssMb)} MB`;
}

function check(holds: boolean, text: string): string {
  return `  ${holds ? '[x]' : '[ ]'} ${text}`;
}

export function formatReport(report: BenchReport): string {
  const { fullSync, unchangedResync, dailyResync, naiveBaseline, seeded, ingest } = report;
  const lines: string[] = [];
  lines.push(
    `Cairn benchmark: ${number(report.opportunities)} won opportunities, ${number(report.events)} usage events, now ${report.now}`,
    `Store: ${report.store.description}. Bulk threshold ${number(report.bulkThreshold)} records.`,
    `Machine: ${report.machine.cpus} CPUs, Node ${report.machine.node}, load average ${report.machine.loadAverageAtStart} ` +
      `at the start and ${report.machine.loadAverageAtEnd} at the end (times stretch when the CPUs are shared).` +
      (report.workerHeapLimitMb === null
        ? ''
        : ` Sync process V8 heap limit: ${number(report.workerHeapLimitMb)} MB (--max-old-space-size).`),
    '',
    `Seeded in ${seeded.seconds.toFixed(1)} s (in-process, no API calls): ${number(seeded.accounts)} accounts ` +
      `(${number(seeded.accountsWithProduct)} with a product account id); opportunities: ` +
      Object.entries(seeded.situations)
        .map(([situation, n]) => `${number(n)} ${situation}`)
        .join(', ') +
      '; existing children: ' +
      Object.entries(seeded.children)
        .map(([object, n]) => `${number(n)} ${object}`)
        .join(', '),
    '',
    `Ingestion: ${number(ingest.inserted)} events stored in ${ingest.seconds.toFixed(1)} s = ` +
      `${number(ingest.eventsPerSecond)} events/s (Store.insertEvents, ${number(ingest.batchSize)} events a transaction)`,
    ...(ingest.http
      ? [
          `  and over HTTP: ${number(ingest.http.events)} events through POST /v1/batch in ${number(ingest.http.requests)} ` +
            `requests of ${ingest.http.eventsPerRequest}, ${ingest.http.concurrency} at once: ` +
            `${number(ingest.http.eventsPerSecond)} events/s; latency p50 ${ingest.http.latencyMs.p50} ms, ` +
            `p99 ${ingest.http.latencyMs.p99} ms, max ${ingest.http.latencyMs.max} ms` +
            (ingest.http.retries > 0 ? `; ${ingest.http.retries} requests sent again after a dropped connection` : '') +
            (ingest.http.failedRequests > 0
              ? `; ${ingest.http.failedRequests} REQUESTS FAILED, e.g. ${ingest.http.firstFailure ?? ''}`
              : '')
        ]
      : []),
    ''
  );
  lines.push(
    ...table(
      ['', 'seconds', 'API calls', ...CALL_KINDS, 'write calls', 'minimum', 'records', 'worker MB'],
      [
        phaseRow('Full first sync', fullSync),
        phaseRow('Unchanged re-sync', unchangedResync),
        phaseRow('Re-sync after a day', dailyResync),
        phaseRow('Naive baseline', naiveBaseline)
      ]
    )
  );
  const changes = dailyResync.changes;
  lines.push(
    '',
    `Full sync wrote: ${Object.entries(fullSync.recordsByObject)
      .map(([object, n]) => `${number(n)} ${object}`)
      .join(', ')} (${number(fullSync.opportunitiesInScope)} opportunities in scope).`,
    `Minimum write calls are counted per object and operation from the records that changed in the org: full sync ` +
      `${Object.entries(fullSync.orgChanges)
        .map(([target, n]) => `${target.replace('|', ' ')} ${number(n)}`)
        .join(', ')}.`,
    `The day: ${number(changes.opportunities)} opportunities changed: ${number(changes.withNewEvents)} with ` +
      `${number(changes.newEvents)} new events, ${number(changes.stagesMarkedDone)} stages marked Done by hand, ` +
      `${number(changes.seatsChanged)} seat counts changed; the re-sync wrote ` +
      `${
        Object.entries(dailyResync.recordsByObject)
          .map(([object, n]) => `${number(n)} ${object}`)
          .join(', ') || 'nothing'
      }.`,
    naiveBaseline.extrapolated
      ? `Naive baseline: EXTRAPOLATED. ${number(naiveBaseline.extrapolated.sampleRecords)} of ` +
          `${number(naiveBaseline.extrapolated.totalRecords)} records were written one call each in ` +
          `${naiveBaseline.extrapolated.sampleSeconds.toFixed(1)} s; the time of the rest is added at that pace, and ` +
          'their calls are counted as one sObject write each (every page of the scope was really read).'
      : `Naive baseline: all ${number(naiveBaseline.recordsWritten)} records written, one call each` +
          (naiveBaseline.failedCalls > 0 ? ` (${number(naiveBaseline.failedCalls)} calls failed)` : '') +
          '.',
    `Naive baseline ÷ full sync: ${number(report.naiveToFullSyncCallRatio)}× the API calls.`,
    '',
    "Where the full sync spent its time (and the worker process's memory as each step began: resident, of which JavaScript heap):",
    ...stepDurations(fullSync).map(
      ({ seconds, rssMb, heapMb, message }) =>
        `  ${seconds.toFixed(2).padStart(8)} s ${number(rssMb).padStart(7)} MB ${number(heapMb).padStart(6)} MB  ${message}`
    ),
    '',
    'Targets (DESIGN §7):',
    check(
      report.targets.unchangedResyncWritesNothing,
      `unchanged re-sync makes no write calls (${unchangedResync.writeCalls})`
    ),
    check(
      report.targets.fullSyncWriteCallsNearMinimum,
      `full sync write calls within ${Math.round((WRITE_CALL_SLACK - 1) * 100)}% of the minimum ` +
        `(${fullSync.writeCalls} for a minimum of ${fullSync.minimumWriteCalls})`
    ),
    check(
      report.targets.dailyResyncWriteCallsNearMinimum,
      `re-sync after a day: write calls within ${Math.round((WRITE_CALL_SLACK - 1) * 100)}% of the minimum ` +
        `(${dailyResync.writeCalls} for a minimum of ${dailyResync.minimumWriteCalls})`
    ),
    check(
      report.targets.naiveCallsAtLeast100xFullSync,
      `naive baseline makes at least 100× the full sync's API calls (${number(report.naiveToFullSyncCallRatio)}×` +
        (report.opportunities === 10_000
          ? ')'
          : `; the target is set at N = 10,000, this run has N = ${number(report.opportunities)})`)
    ),
    check(
      report.targets.metricsComputedInStoreSql,
      `metrics for ${number(report.events)} events computed in the store's SQL (Store.computeMetrics gets one row per ` +
        `lookup back, never the events)${metricsStepText(fullSync)}`
    ),
    '',
    `Peak memory: benchmark process (local orgs, seeding, naive script${report.workerPeakRssMb === null ? ', syncs' : ''}) ` +
      `${number(report.peakRssMb)} MB` +
      (report.workerPeakRssMb === null ? '' : `; worker process (a sync) ${number(report.workerPeakRssMb)} MB`) +
      '.'
  );
  return lines.join('\n');
}
