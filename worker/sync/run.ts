// One sync run, top to bottom (DESIGN §4):
//   pull usage → read the scope → plan playbooks and compute metrics → evaluate each
//   opportunity → diff against the org → check the fields are writable → write in phases
//   → record acknowledged writes, failed rows, health history and the run.
// Runs never overlap: the store's sync lock is held throughout, and a second run fails at
// once with SyncAlreadyRunningError. Every run is recorded, also one that fails (with why).
// A full run covers the whole scope; a targeted run (targeted.ts) the dirty accounts only:
// what differs is its Coverage (coverage.ts).

import { append, chunksOf } from '../core/lists.js';
import type { CoreConfig } from '../core/config.js';
import { evaluateOpportunity, prepareEvaluation, type Preparation } from '../core/evaluate.js';
import type { Feature } from '../core/features.js';
import { keysToComplete, selectPlaybook, type Playbook } from '../core/playbooks.js';
import { addDays, daysBefore, toDate } from '../core/dates.js';
import { lookbackStart } from '../core/support.js';
import type {
  AlertTask,
  HealthSnapshot,
  MetricsRequest,
  NpsAnswer,
  Opportunity,
  SupportCase,
  UsageMetrics
} from '../core/types.js';
import type { ActiveUsersAt } from '../core/value-summary.js';
import type { GroupedRecords } from '../salesforce/grouped-records.js';
import type { ReadWindows } from '../salesforce/run-reads.js';
import { checkWritable } from '../salesforce/describe-check.js';
import type { ScopeProblem } from '../salesforce/scope.js';
import type { SalesforceSession, StartRunOptions } from '../salesforce/session.js';
import { writeChanges } from '../salesforce/write.js';
import type { WriteBatch, WriteOptions, WriteReport } from '../salesforce/write-types.js';
import type { DirtyMark, OpportunityHealthSnapshot, Store } from '../store/store.js';
import {
  alertRecords,
  emptyBookkeeping,
  rememberWrittenAlerts,
  resolvePendingTargets,
  type AlertBookkeeping
} from './alerts.js';
import { fullCoverage, type Coverage } from './coverage.js';
import { diffRecords, writePhases, type RecordChange } from './diff.js';
import { readPeople, type PeopleRead } from './people.js';
import { recordsFor, type RecordState, type Values } from './records.js';
import {
  emptyCallsByKind,
  toPlannedWrite,
  toResultFailedRow,
  WriteTally,
  type PlannedWrite,
  type SyncResult,
  type UsagePullResult
} from './result.js';

export interface SyncDeps {
  store: Store;
  /** a Salesforce session for this run (see connector.ts) */
  salesforce: (options?: StartRunOptions) => Promise<SalesforceSession>;
  playbooks: readonly Playbook[];
  config: CoreConfig;
  /** config/features.json (DESIGN §9.7); leave out to measure no feature adoption */
  features?: readonly Feature[];
  writeOptions?: Partial<WriteOptions>;
  /** pulls usage from the configured sources into the store; leave out when there are none */
  pullUsage?: () => Promise<UsagePullResult[]>;
  /** the rules' "now" (CAIRN_NOW, or the clock); default the clock */
  now?: () => Date;
  /** opportunities computed together (COMPUTE_CHUNK); smaller only in tests of chunk boundaries */
  computeChunk?: number;
}

export interface SyncOptions {
  /** compute and report the writes without making any (nothing is recorded as written) */
  dryRun?: boolean;
  /** a line for each step of the run, for people watching a long one */
  onProgress?: (message: string) => void;
  /** called with the run's id once it is recorded as running (POST /sync answers with it) */
  onStart?: (runId: string) => void;
  /**
   * Ends the run early (worker shutdown): checked between steps and write phases, so the
   * write phase under way finishes and what it wrote is recorded; later ones are not started.
   */
  signal?: AbortSignal;
  /**
   * called when a run that succeeded (or quarantined rows) has cleared the dirty accounts it
   * covered, with when it finished: their events are in Salesforce (DESIGN §10's latency)
   */
  onCovered?: (marks: readonly DirtyMark[], at: Date) => void;
}

/** The error of a run whose worker stopped before recording its end. */
export const ABANDONED_RUN =
  'the worker stopped during this run (killed or crashed) before recording how it ended; ' +
  'a later run read Salesforce afresh and wrote what was left';

export class RunStoppedError extends Error {
  override name = 'RunStoppedError';
  constructor() {
    super('the worker is shutting down: the run stopped before its next step; the next run picks up what is left');
  }
}

/** What the compute step hands to the write step. */
interface Computed {
  changes: RecordChange[];
  snapshots: OpportunityHealthSnapshot[];
  warnings: SyncResult['warnings'];
  /** what to remember of the alerts once their Task writes are acknowledged */
  alerts: AlertBookkeeping;
}

export async function runSync(
  deps: SyncDeps,
  options: SyncOptions = {},
  coverage: Coverage = fullCoverage(deps.store)
): Promise<SyncResult> {
  const { store } = deps;
  return coverage.withLock(async () => {
    const clock = Date.now();
    const startedAt = new Date(clock);
    const now = deps.now?.() ?? startedAt;
    const abandoned = await store.abandonUnfinishedRuns(startedAt, ABANDONED_RUN);
    const runId = await store.startRun(startedAt, coverage.kind);
    options.onStart?.(runId);
    const progress = options.onProgress ?? (() => {});
    if (abandoned.length > 0)
      progress(`Earlier runs that never finished, now recorded as failed: ${abandoned.join(', ')}`);
    const checkpoint = (): void => {
      if (options.signal?.aborted) throw new RunStoppedError();
    };

    // what the steps found, put together into the run's result at the end
    let usage: UsagePullResult[] = [];
    let inScope = 0;
    let skipped: ScopeProblem[] = [];
    let plannedWrites: PlannedWrite[] | undefined;
    let error: string | undefined;
    const tally = new WriteTally();
    let session: SalesforceSession | null = null;
    let computed: Computed | null = null;
    let covered: DirtyMark[] = [];

    try {
      // 1. Usage: new events from the pull sources land in the store first.
      if (coverage.usage) usage = coverage.usage;
      else if (deps.pullUsage) {
        progress('Pulling usage from the configured sources…');
        usage = await deps.pullUsage();
        for (const pull of usage) {
          progress(
            `  ${pull.source}: ${pull.inserted} new, ${pull.duplicates} already stored, ${pull.rejected} rejected`
          );
          for (const rejection of pull.firstRejections ?? []) progress(`    rejected ${rejection}`);
          if (pull.error) progress(`  ${pull.source} stopped early: ${pull.error}`);
        }
      }
      covered = await coverage.dirty();
      checkpoint();

      // 2. The scope: won opportunities with their stages, milestones, reviews and newest health change.
      progress('Connecting to Salesforce…');
      session = await deps.salesforce();
      const read = await readAndCompute(deps, coverage, session, now, progress, checkpoint);
      inScope = read.inScope;
      skipped = read.skipped;
      computed = read.computed;
      const phases = writePhases(computed.changes);
      checkpoint();

      // 6. Every field about to be written must exist and be writable (one describe per object).
      progress('Checking the integration user can write every field…');
      await checkWritable(session, phases.flat());

      // 7. Write, phase by phase, each phase's acknowledged writes and refused rows recorded
      // in the store as soon as it ends; or, in a dry run, report what would be written.
      if (options.dryRun) {
        plannedWrites = computed.changes.map(toPlannedWrite);
        progress(`Dry run: ${computed.changes.length} records would be written; nothing was sent.`);
      } else {
        // the batches hold what is still to be sent; the changes themselves are no longer needed
        computed.changes = [];
        for (let index = 0; index < phases.length; index++) {
          checkpoint();
          const phase = phases[index] as WriteBatch[];
          const rows = phase.reduce((sum, batch) => sum + batch.records.length, 0);
          progress(
            `Writing ${rows} ${phase
              .map((b) => b.object)
              .filter(unique)
              .join(', ')} records…`
          );
          const written = await writeAndRecordPhase(
            session,
            store,
            runId,
            phase,
            tally,
            deps.writeOptions,
            computed.alerts
          );
          phases[index] = []; // written and recorded: its records need not stay in memory
          resolvePendingTargets(phases.slice(index + 1), written, computed.alerts);
        }
      }
    } catch (failure) {
      error = (failure as Error).message;
      progress(`Run failed: ${error}`);
    }

    // 8. The health history, kept only when the run got as far as writing; and the alerts
    // that cleared with their Task already closed by a person (a fact read from the org).
    if (!options.dryRun && computed && (error === undefined || tally.writtenRows > 0)) {
      try {
        await store.addHealthSnapshots(computed.snapshots);
        await store.rememberAlerts(computed.alerts.cleared);
      } catch (failure) {
        error = `${error ? `${error}; then ` : ''}the store could not record the health history and alerts: ${(failure as Error).message}`;
      }
    }
    const finished = Date.now();
    if (!options.dryRun && error === undefined)
      await clearCovered(store, covered, new Date(finished), options, progress);
    const used = session?.accounting.snapshot() ?? null;
    const failedRows = tally.failedRows.map(toResultFailedRow);
    const result: SyncResult = {
      runId,
      status: error !== undefined ? 'failed' : failedRows.length > 0 ? 'partial' : 'succeeded',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date(finished).toISOString(),
      opportunitiesInScope: inScope,
      writes: tally.writes,
      failedRows,
      apiCalls: used?.calls.total ?? 0,
      apiCallsByKind: used ? { ...used.calls.byKind } : emptyCallsByKind(),
      kind: coverage.kind,
      // call retries and renewals over the whole run, reads included: the writer's reports cover only the write calls
      retries: { rows: tally.retriedRows, calls: used?.callRetries ?? 0, sessionRenewals: used?.sessionRenewals ?? 0 },
      notAttempted: tally.notAttempted,
      durationMs: finished - clock,
      dryRun: options.dryRun === true,
      skipped,
      warnings: computed?.warnings ?? [],
      usage,
      ...(plannedWrites ? { plannedWrites } : {}),
      ...(error !== undefined ? { error } : {})
    };

    const { runId: _id, plannedWrites: _planned, ...summary } = result;
    await store.finishRun(runId, {
      finishedAt: new Date(finished),
      status: result.status,
      summary: { ...summary, ...(plannedWrites ? { plannedWriteCount: plannedWrites.length } : {}) }
    });
    progress(
      `Run ${runId} ${result.status} in ${(result.durationMs / 1000).toFixed(1)} s, ${result.apiCalls} API calls.`
    );
    return result;
  });
}

/**
 * Opportunities computed together: the store's questions are batched per chunk, and what
 * their evaluation builds is dropped once their changes are known, so the run's memory
 * grows with the changes to write rather than with everything it evaluated.
 */
export const COMPUTE_CHUNK = 5_000;

/** What the run read beside the scope: the accounts' cases and people, the opportunities' Cairn Tasks. */
interface RelatedRead {
  cases: GroupedRecords<SupportCase>;
  people: PeopleRead;
  tasks: GroupedRecords<AlertTask>;
}

/**
 * Steps 2–5 in one function, so what they read (the scope, the accounts' cases and contacts)
 * can be collected once the changes are known: the write phase holds only those.
 */
async function readAndCompute(
  deps: SyncDeps,
  coverage: Coverage,
  session: SalesforceSession,
  now: Date,
  progress: (message: string) => void,
  checkpoint: () => void
): Promise<{ inScope: number; skipped: ScopeProblem[]; computed: Computed }> {
  progress(
    `Reading won opportunities in scope at ${now.toISOString()}, with their Cairn Tasks and their accounts' cases and contacts…`
  );
  const reads = await coverage.read(session, now, readWindows(now, deps.config));
  const { scope, cases, tasks } = reads;
  progress(
    `  ${scope.opportunities.length} in scope` +
      (scope.problems.length > 0 ? `, ${scope.problems.length} left out for values the rules cannot use` : '')
  );
  const allCases = [...cases.byParent.values()].flat();
  const allTasks = [...tasks.byParent.values()].flat();
  progress(`  ${allCases.length} support cases, ${allCases.filter((c) => !c.isClosed).length} open`);
  progress(`  ${allTasks.length} Cairn Tasks, ${allTasks.filter((t) => !t.isClosed).length} open`);
  checkpoint();

  // What hangs off the accounts (DESIGN §9): contacts with their product users.
  const people = await readPeople(
    session,
    deps.store,
    scope.opportunities,
    reads.contacts,
    now,
    deps.config.people,
    progress
  );
  checkpoint();

  // 3–5. Plan, compute metrics, evaluate and diff.
  const computed = await compute(deps, scope.opportunities, { cases, people, tasks }, now, progress);
  return { inScope: scope.opportunities.length, skipped: scope.problems, computed };
}

/**
 * Steps 3–5 for every opportunity in scope, a chunk at a time: its playbook and plan, the
 * store's metrics (one batched query per chunk, with the thresholds of milestones planned in
 * this run), the core's evaluation, and the diff against what the org holds.
 */
async function compute(
  deps: SyncDeps,
  opportunities: readonly Opportunity[],
  related: RelatedRead,
  now: Date,
  progress: (message: string) => void
): Promise<Computed> {
  const withUsage = opportunities.filter((o) => o.productAccountId !== null).length;
  progress(
    `Computing usage metrics (${withUsage} opportunities with product usage) and evaluating ${opportunities.length} opportunities…`
  );
  const chunks = chunksOf(opportunities, deps.computeChunk ?? COMPUTE_CHUNK);
  const computed: Computed = { changes: [], snapshots: [], warnings: [], alerts: emptyBookkeeping() };
  for (const problem of [...related.cases.problems, ...related.people.problems]) {
    for (const opportunity of opportunities.filter((o) => o.accountId === problem.parentId)) {
      computed.warnings.push({ opportunityId: opportunity.id, message: problem.message });
    }
  }
  for (const { parentId, message } of related.tasks.problems)
    computed.warnings.push({ opportunityId: parentId, message });
  for (const change of diffRecords(related.people.records)) computed.changes.push(change);
  let records = related.people.records.length;
  related.people.records = []; // diffed: only the changes are kept
  let evaluated = 0;
  for (const chunk of chunks) {
    records += await computeChunk(deps, chunk, related, now, computed, progress);
    evaluated += chunk.length;
    if (chunks.length > 1) progress(`  ${evaluated} of ${opportunities.length} evaluated`);
  }
  progress(`  ${computed.changes.length} of ${records} records need a write`);
  return computed;
}

/** Adds one chunk's changes, health snapshots and warnings to `into`; returns how many records it evaluated. */
async function computeChunk(
  deps: SyncDeps,
  opportunities: readonly Opportunity[],
  related: RelatedRead,
  now: Date,
  into: Computed,
  progress: (message: string) => void
): Promise<number> {
  const { store, config, playbooks } = deps;
  const chosen = opportunities.map((opportunity) => ({
    opportunity,
    playbook: selectPlaybook(opportunity, playbooks)
  }));
  const deletedKeys = await deletedPlaybookKeys(store, chosen);
  const prepared = chosen.map(({ opportunity, playbook }) => {
    const input = { opportunity, playbook, config, now, deletedKeys, features: deps.features };
    return { opportunity, playbook, preparation: prepareEvaluation(input) };
  });

  const requests = prepared.flatMap((p) => (p.preparation.metricsRequest ? [p.preparation.metricsRequest] : []));
  const metrics = await store.computeMetrics(requests, now);
  const activeUsersAt = await activeUsersAtPeriodStarts(
    store,
    prepared.map((p) => p.preparation)
  );
  const history = await store.healthHistory(opportunities.map((o) => o.id));
  const nps = await npsAnswersOf(store, opportunities, now, config);
  const alertMemory = await store.alertMemory(opportunities.map((o) => o.id));

  const records: RecordState[] = [];
  for (const { opportunity, playbook } of prepared) {
    const past = history.get(opportunity.id) ?? [];
    const evaluation = evaluateOpportunity({
      opportunity,
      playbook,
      config,
      now,
      deletedKeys,
      features: deps.features,
      metrics: opportunity.productAccountId === null ? null : (metrics.get(opportunity.id) ?? null),
      history: past,
      activeUsersAtPeriodStart: activeUsersAt.get(opportunity.id) ?? {},
      cases: opportunity.accountId === null ? null : (related.cases.byParent.get(opportunity.accountId) ?? []),
      npsAnswers: opportunity.productAccountId === null ? [] : (nps.get(opportunity.productAccountId) ?? []),
      people: opportunity.accountId === null ? [] : (related.people.people.get(opportunity.accountId) ?? []),
      users: opportunity.productAccountId === null ? [] : (related.people.users.get(opportunity.productAccountId) ?? [])
    });
    records.push(...recordsFor(opportunity, evaluation));
    records.push(
      ...alertRecords(
        evaluation.alertFacts,
        related.tasks.byParent.get(opportunity.id) ?? [],
        alertMemory.get(opportunity.id) ?? new Map(),
        config,
        into.alerts
      )
    );
    for (const message of evaluation.warnings) {
      into.warnings.push({ opportunityId: opportunity.id, message });
      progress(`  warning: opportunity ${opportunity.id}: ${message}`);
    }
    if (evaluation.snapshot && scoreMoved(past, evaluation.snapshot)) {
      into.snapshots.push({ opportunityId: opportunity.id, ...evaluation.snapshot });
    }
  }

  const unreadKeys = new Map<string, string[]>();
  for (const record of records) {
    if (record.org === 'unread' && record.key !== null) append(unreadKeys, record.object, record.key);
  }
  const lastWrites = new Map<string, Map<string, Record<string, unknown>>>();
  for (const [object, keys] of unreadKeys) lastWrites.set(object, await store.lastWrites(object, keys));

  for (const change of diffRecords(records, lastWrites)) into.changes.push(change);
  return records.length;
}

/**
 * The keys a playbook applied in part still lacks that the store has an acknowledged write
 * for: those records were written and someone deleted them, so completing the playbook
 * leaves them out. A key never acknowledged (the run stopped first) is still to be written.
 */
async function deletedPlaybookKeys(
  store: Store,
  chosen: readonly { opportunity: Opportunity; playbook: Playbook | null }[]
): Promise<Set<string>> {
  const missing = new Map<string, string[]>();
  for (const { opportunity, playbook } of chosen) {
    if (!playbook) continue;
    for (const [object, keys] of Object.entries(keysToComplete(opportunity, playbook))) {
      for (const key of keys) append(missing, object, key);
    }
  }
  const deleted = new Set<string>();
  for (const [object, keys] of missing) {
    for (const key of (await store.lastWrites(object, keys)).keys()) deleted.add(key);
  }
  return deleted;
}

/** How far back the run reads cases (the support lookback) and closed Cairn Tasks; no Task when every alert rule is off. */
function readWindows(now: Date, config: CoreConfig): ReadWindows {
  return {
    casesFrom: lookbackStart(now, config.support),
    tasksClosedSince: Object.values(config.alerts.rules).some(Boolean)
      ? daysBefore(now, config.alerts.recentlyClosedDays)
      : null
  };
}

/**
 * NPS answers of the opportunities' product accounts from the day before the satisfaction
 * window on (the core keeps the window's own days), one query per chunk.
 */
function npsAnswersOf(
  store: Store,
  opportunities: readonly Opportunity[],
  now: Date,
  config: CoreConfig
): Promise<Map<string, NpsAnswer[]>> {
  const accounts = opportunities.flatMap((o) => (o.productAccountId ? [o.productAccountId] : []));
  const from = new Date(`${addDays(toDate(now), -config.satisfaction.windowDays)}T00:00:00Z`);
  return store.npsAnswers(accounts, config.satisfaction.npsEvent, from, now);
}

/**
 * Health history keeps a point only when the score moved: the score at any time is the
 * newest point at or before it, which is all Health_Trend__c asks of the history, and a
 * worker running every 15 minutes does not store 96 equal points a day per opportunity.
 */
function scoreMoved(history: readonly HealthSnapshot[], snapshot: HealthSnapshot): boolean {
  const latest = history[history.length - 1];
  return latest === undefined || latest.score !== snapshot.score;
}

/**
 * Active users (30 days) at each review period start the value summaries need: the store's
 * active_users_30d computed with "now" at that day's UTC start, one batched query per date.
 */
async function activeUsersAtPeriodStarts(
  store: Store,
  preparations: readonly Preparation[]
): Promise<Map<string, ActiveUsersAt>> {
  const byDate = new Map<string, MetricsRequest[]>();
  for (const { metricsRequest, periodStarts } of preparations) {
    if (!metricsRequest) continue;
    for (const date of periodStarts) append(byDate, date, { ...metricsRequest, eventNames: [], thresholds: [] });
  }
  const found = new Map<string, Record<string, number>>();
  for (const [date, requests] of byDate) {
    const at: Map<string, UsageMetrics> = await store.computeMetrics(requests, new Date(`${date}T00:00:00Z`));
    for (const [opportunityId, metrics] of at) {
      found.set(opportunityId, { ...found.get(opportunityId), [date]: metrics.activeUsers30d });
    }
  }
  return found;
}

/**
 * Writes one phase and keeps in the store what Salesforce acknowledged (the values sent, per
 * key) and every row it refused with the values it was sent — also when the phase was cut
 * short by a stop condition, which is then thrown on. A store that cannot record fails the
 * run. Answers with the rows written (later phases' alerts need the Ids of records created).
 */
async function writeAndRecordPhase(
  session: SalesforceSession,
  store: Store,
  runId: string,
  phase: readonly WriteBatch[],
  tally: WriteTally,
  writeOptions: Partial<WriteOptions> | undefined,
  alerts: AlertBookkeeping
): Promise<WriteReport['written']> {
  const { report, stop } = await writeChanges(session, phase, writeOptions);
  tally.add(report);
  try {
    await recordPhase(store, runId, phase, report);
    await rememberWrittenAlerts(store, report, alerts);
  } catch (error) {
    throw new Error(
      `${stop ? `${stop.message}; then ` : ''}the store could not record the run's writes: ${(error as Error).message}`
    );
  }
  if (stop) throw stop;
  return report.written;
}

async function recordPhase(
  store: Store,
  runId: string,
  phase: readonly WriteBatch[],
  report: WriteReport
): Promise<void> {
  const sent = new Map<string, Map<string, Values>>();
  for (const batch of phase) {
    const byKey = sent.get(batch.object) ?? new Map<string, Values>();
    sent.set(batch.object, byKey);
    for (const record of batch.records) byKey.set(record.key, record.values);
  }
  const acknowledged = new Map<string, { key: string; values: Values }[]>();
  for (const row of report.written) {
    const values = sent.get(row.object)?.get(row.key);
    if (values) append(acknowledged, row.object, { key: row.key, values });
  }
  for (const [object, writes] of acknowledged) await store.recordWrites(object, writes);
  await store.addFailedRows(
    runId,
    report.failedRows.map((row) => ({ ...row, values: sent.get(row.object)?.get(row.key) ?? null }))
  );
}

/**
 * Clears the dirty accounts the run covered (their events are in the org now); a store that
 * cannot leaves them dirty for the next run, which finds nothing left to write.
 */
async function clearCovered(
  store: Store,
  covered: readonly DirtyMark[],
  at: Date,
  options: SyncOptions,
  progress: (message: string) => void
): Promise<void> {
  if (covered.length === 0) return;
  try {
    await store.clearDirty(covered);
    options.onCovered?.(covered, at);
  } catch (failure) {
    progress(`The store could not clear the accounts this run covered: ${(failure as Error).message}`);
  }
}

function unique<T>(value: T, index: number, all: readonly T[]): boolean {
  return all.indexOf(value) === index;
}
