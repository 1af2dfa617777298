// The alerts' memory (DESIGN §9.5): per alert key, the latest occurrence whose Task Salesforce
// acknowledged creating, and whether its condition has cleared since. With the Tasks read
// from the org each run, it makes sure a replay or a crash never creates a Task twice.
import type { AlertMemory } from '../core/alert-lifecycle.js';
import { append } from '../core/lists.js';
import type { Driver } from './driver.js';

export interface RememberedAlert extends AlertMemory {
  /** `<opportunity>:<rule>[:<target>]` */
  key: string;
  opportunityId: string;
}

export interface AlertsRepository {
  /** opportunityId → alert key → what is remembered of it */
  alertMemory(opportunityIds: readonly string[]): Promise<Map<string, Map<string, AlertMemory>>>;
  /** Records occurrences created or cleared; an older occurrence never replaces a newer one. */
  rememberAlerts(alerts: readonly RememberedAlert[]): Promise<void>;
}

export function alertsRepository(driver: Driver): AlertsRepository {
  return {
    async alertMemory(opportunityIds) {
      const memory = new Map<string, Map<string, AlertMemory>>();
      if (opportunityIds.length === 0) return memory;
      const rows = await driver.query<{
        alert_key: string;
        opportunity_id: string;
        occurrence: number;
        cleared: boolean;
      }>(
        `SELECT alert_key, opportunity_id, occurrence, cleared FROM alert_memory
         WHERE opportunity_id = ANY($1::text[])`,
        [[...new Set(opportunityIds)]]
      );
      const byOpportunity = new Map<string, [string, AlertMemory][]>();
      for (const row of rows) {
        append(byOpportunity, row.opportunity_id, [
          row.alert_key,
          { occurrence: row.occurrence, cleared: row.cleared }
        ]);
      }
      for (const [opportunityId, entries] of byOpportunity) memory.set(opportunityId, new Map(entries));
      return memory;
    },

    async rememberAlerts(alerts) {
      if (alerts.length === 0) return;
      const latest = new Map<string, RememberedAlert>();
      for (const alert of alerts) {
        const known = latest.get(alert.key);
        if (!known || alert.occurrence > known.occurrence || (alert.occurrence === known.occurrence && alert.cleared))
          latest.set(alert.key, alert);
      }
      const rows = [...latest.values()];
      await driver.query(
        `INSERT INTO alert_memory (alert_key, opportunity_id, occurrence, cleared)
         SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::boolean[])
         ON CONFLICT (alert_key) DO UPDATE
           SET occurrence = excluded.occurrence, cleared = excluded.cleared, updated_at = now()
           WHERE excluded.occurrence >= alert_memory.occurrence`,
        [
          rows.map((r) => r.key),
          rows.map((r) => r.opportunityId),
          rows.map((r) => r.occurrence),
          rows.map((r) => r.cleared)
        ]
      );
    }
  };
}
