// The one entry to the worker's persisted state: small repositories over one database —
// usage events and the user → account map (events-repository.ts), rejected messages
// (rejections-repository.ts), pull-source cursors (cursors-repository.ts), the sync's memory
// (sync-memory-repository.ts), the alerts' occurrences (alerts-repository.ts), run history
// with the sync lock (runs-repository.ts), and the accounts with events not yet synced
// (dirty-accounts-repository.ts) —
// behind one `Store`. Every method that writes has committed its change (on disk, for the
// embedded store) when it resolves.
import type { MetricsRequest, UsageMetrics } from '../core/types.js';
import { alertsRepository, type AlertsRepository } from './alerts-repository.js';
import { cursorsRepository, type CursorsRepository } from './cursors-repository.js';
import type { Driver } from './driver.js';
import { dirtyAccountsRepository, type DirtyAccountsRepository } from './dirty-accounts-repository.js';
import { eventsRepository, type EventsRepository } from './events-repository.js';
import { computeMetrics } from './metrics-query.js';
import { migrate } from './migrations.js';
import { rejectionsRepository, type RejectionsRepository } from './rejections-repository.js';
import { openPgliteDriver } from './pglite-driver.js';
import { openPostgresDriver } from './postgres-driver.js';
import { runsRepository, type RunsRepository } from './runs-repository.js';
import { syncMemoryRepository, type SyncMemoryRepository } from './sync-memory-repository.js';

export type { DirtyMark } from './dirty-accounts-repository.js';
export type { EventFilter, GroupCall, IdentifyCall, InsertResult, PendingEvents } from './events-repository.js';
export type { Rejection, StoredRejection } from './rejections-repository.js';
export type { StoredFailedRow, RunDetail, RunKind, RunRecord, RunStatus } from './runs-repository.js';
export type { OpportunityHealthSnapshot, WrittenRecord } from './sync-memory-repository.js';
export type { RememberedAlert } from './alerts-repository.js';

export interface Store
  extends
    EventsRepository,
    RejectionsRepository,
    CursorsRepository,
    SyncMemoryRepository,
    AlertsRepository,
    RunsRepository,
    DirtyAccountsRepository {
  readonly kind: 'embedded' | 'postgres';
  /** the directory, or the URL with its password masked */
  readonly location: string;
  /** resolves when the database answers; for readiness checks */
  ping(): Promise<void>;
  /** DESIGN §4.1 for each request, keyed by opportunityId; see metrics-query.ts for the exact windows. */
  computeMetrics(requests: readonly MetricsRequest[], now: Date): Promise<Map<string, UsageMetrics>>;
  close(): Promise<void>;
}

function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Opens (creating and migrating as needed) the store: a postgres:// URL or a directory for the embedded store. */
export async function openStore(location: string): Promise<Store> {
  const driver = isPostgresUrl(location) ? await openPostgresDriver(location) : await openPgliteDriver(location);
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
  return createStore(driver);
}

function createStore(driver: Driver): Store {
  return {
    kind: driver.kind,
    location: driver.location,
    async ping() {
      await driver.query('SELECT 1');
    },
    ...eventsRepository(driver),
    ...rejectionsRepository(driver),
    ...cursorsRepository(driver),
    ...syncMemoryRepository(driver),
    ...alertsRepository(driver),
    ...runsRepository(driver),
    ...dirtyAccountsRepository(driver),
    computeMetrics(requests, now) {
      return computeMetrics(driver, requests, now);
    },
    close() {
      return driver.close();
    }
  };
}
