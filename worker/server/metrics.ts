// Every Prometheus metric of DESIGN §5.3, owned here so names and labels live in one place.
// Ingestion increments the events_* counters; the sync run increments the sync_* and
// salesforce_* ones. `metrics` is the process-wide set GET /metrics serves; tests make
// their own with createMetrics() so counts start at zero.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { REJECTION_KINDS } from '../ingest/event.js';

export interface CairnMetrics {
  readonly registry: Registry;
  /** track events newly stored */
  readonly eventsIngested: Counter;
  /** track events skipped because their messageId was already stored */
  readonly eventsDuplicate: Counter;
  /** Segment messages rejected (any type), label reason: invalid_shape | bad_timestamp | too_large | unsupported */
  readonly eventsRejected: Counter<'reason'>;
  /** track events stored whose user has no group call yet; set when /metrics is read */
  readonly eventsPendingAccount: Gauge;
  /** label kind: full | targeted (DESIGN §10); label status: succeeded | partial | failed */
  readonly syncRuns: Counter<'kind' | 'status'>;
  /** label object: the sObject API name */
  readonly syncRecordsWritten: Counter<'object'>;
  readonly syncFailedRows: Counter;
  /** label kind: query | sobject | collections | bulk2 | describe | limits | other */
  readonly salesforceApiCalls: Counter<'kind'>;
  readonly syncDuration: Histogram;
  /** per account a run covered: from its oldest event not yet in Salesforce being stored to the run's end */
  readonly eventToSalesforce: Histogram;
}

/** A counter whose every label value is exported from the start (at 0), so alerts see the series. */
function labelledCounter<L extends string>(
  options: { name: string; help: string; registers: Registry[] },
  label: L,
  values: readonly string[]
): Counter<L> {
  const counter = new Counter({ ...options, labelNames: [label] });
  for (const value of values) counter.inc({ [label]: value } as Partial<Record<L, string>>, 0);
  return counter;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): CairnMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    eventsIngested: new Counter({ name: 'cairn_events_ingested_total', help: 'Track events newly stored', registers }),
    eventsDuplicate: new Counter({
      name: 'cairn_events_duplicate_total',
      help: 'Track events skipped because their messageId was already stored',
      registers
    }),
    eventsRejected: labelledCounter(
      {
        name: 'cairn_events_rejected_total',
        help: 'Segment messages rejected, by kind of problem (listed by `npm run worker -- rejected`)',
        registers
      },
      'reason',
      REJECTION_KINDS
    ),
    eventsPendingAccount: new Gauge({
      name: 'cairn_events_pending_account',
      help: 'Track events stored but not yet counted: their user has no group call yet',
      registers
    }),
    syncRuns: new Counter({
      name: 'cairn_sync_runs_total',
      help: 'Sync runs by kind (full, targeted) and outcome',
      labelNames: ['kind', 'status'],
      registers
    }),
    syncRecordsWritten: new Counter({
      name: 'cairn_sync_records_written_total',
      help: 'Records created or updated in Salesforce, by object',
      labelNames: ['object'],
      registers
    }),
    syncFailedRows: new Counter({
      name: 'cairn_sync_failed_rows_total',
      help: 'Rows Salesforce refused, after retries',
      registers
    }),
    salesforceApiCalls: new Counter({
      name: 'cairn_salesforce_api_calls_total',
      help: 'Salesforce API calls made, by kind',
      labelNames: ['kind'],
      registers
    }),
    syncDuration: new Histogram({
      name: 'cairn_sync_duration_seconds',
      help: 'Wall time of sync runs',
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800],
      registers
    }),
    eventToSalesforce: new Histogram({
      name: 'cairn_event_to_salesforce_seconds',
      help: "From an event being stored (its ingest answer) to the end of the run that brought its account's values to Salesforce",
      buckets: [5, 10, 20, 30, 45, 60, 90, 120, 300, 900, 1800],
      registers
    })
  };
}

/** The process-wide metrics, with Node's default process metrics. */
export const metrics: CairnMetrics = createMetrics({ defaultMetrics: true });
