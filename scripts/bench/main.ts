// npm run bench -- [--opportunities N] [--events M] [--json] [--scale] [--store postgres://...] [--freshness all|only|skip]
// DESIGN §7's benchmark, then §10's freshness figures. The figures go to stdout (one JSON object with --json; a readable
// report followed by that object otherwise), progress to stderr.

import { runBench } from './bench.js';
import { formatFreshness, runFreshness } from './freshness.js';
import { HELP, parseOptions, UsageError, type CliOptions } from './options.js';
import { formatReport } from './report.js';
import { formatScale, runScale } from './scale.js';

function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** The flags a --scale run passes on to each size's own run (which measures no freshness: the scale report has none). */
function passedOn(options: CliOptions): string[] {
  return [
    '--freshness',
    'skip',
    ...(options.inline ? ['--inline'] : []),
    ...(options.workerHeapMb === null ? [] : ['--worker-heap', String(options.workerHeapMb)]),
    '--naive-budget',
    String(options.naiveTimeBudgetSeconds),
    '--naive-sample',
    String(options.naiveSampleRecords),
    '--ingest-batch',
    String(options.ingestBatchSize),
    '--http-events',
    String(options.httpEvents)
  ];
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${HELP}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }

  if (options.scale) {
    const report = await runScale({
      sizes: options.sizes,
      maxEvents: options.maxEvents,
      storeServer: options.storeServer,
      now: options.now,
      extraArgs: passedOn(options),
      progress
    });
    const json = JSON.stringify(report);
    process.stdout.write(options.json ? `${json}\n` : `${formatScale(report)}\n\n${json}\n`);
    return;
  }

  const freshness = () => runFreshness({ ...options.freshnessOptions, storeServer: options.storeServer, progress });
  if (options.freshness === 'only') {
    const figures = await freshness();
    const json = JSON.stringify({ freshness: figures });
    process.stdout.write(options.json ? `${json}\n` : `${formatFreshness(figures)}\n\n${json}\n`);
    return;
  }

  const report = await runBench({
    opportunities: options.opportunities,
    events: options.events,
    storeServer: options.storeServer,
    now: options.now,
    inline: options.inline,
    workerHeapMb: options.workerHeapMb,
    ingestBatchSize: options.ingestBatchSize,
    httpEvents: options.httpEvents,
    naiveTimeBudgetSeconds: options.naiveTimeBudgetSeconds,
    naiveSampleRecords: options.naiveSampleRecords,
    progress
  });
  const figures = options.freshness === 'all' ? await freshness() : null;
  const json = JSON.stringify(figures ? { ...report, freshness: figures } : report);
  const text = [formatReport(report), ...(figures ? [formatFreshness(figures)] : [])].join('\n\n');
  process.stdout.write(options.json ? `${json}\n` : `${text}\n\n${json}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
