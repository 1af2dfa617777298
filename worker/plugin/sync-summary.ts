// `sf cairn sync`'s readable output: the run's headline and one row per object written.
import type { SyncResult } from '../sync/result.js';

export interface SyncTableRow extends Record<string, unknown> {
  object: string;
  created: number;
  updated: number;
}

/** The objects the run wrote to (or, in a dry run, would write to), in write order. */
export function syncTableRows(result: SyncResult): SyncTableRow[] {
  if (result.dryRun) {
    const counts = new Map<string, SyncTableRow>();
    for (const write of result.plannedWrites ?? []) {
      const row = counts.get(write.object) ?? { object: write.object, created: 0, updated: 0 };
      if (write.before === null) row.created += 1;
      else row.updated += 1;
      counts.set(write.object, row);
    }
    return [...counts.values()];
  }
  return Object.entries(result.writes)
    .filter(([, counts]) => counts.created + counts.updated > 0)
    .map(([object, counts]) => ({ object, created: counts.created, updated: counts.updated }));
}

/** Lines before the table: status, scope, calls; then why it failed and every refused row. */
export function syncHeadline(result: SyncResult): string[] {
  const lines = [
    `Sync run ${result.runId}${result.dryRun ? ' (dry run: nothing written)' : ''}: ${result.status}, ` +
      `${result.opportunitiesInScope} won opportunities in scope, ${result.apiCalls} API calls, ` +
      `${(result.durationMs / 1000).toFixed(1)} s`
  ];
  if (result.error) lines.push(`Error: ${result.error}`);
  for (const row of result.failedRows) {
    lines.push(
      `Refused: ${row.object} ${row.id ?? row.key ?? ''}: ${row.statusCode} ${row.message}`.replace(/\s+/g, ' ')
    );
  }
  for (const skipped of result.skipped) {
    lines.push(`Left out: opportunity ${skipped.opportunityId}: ${skipped.message}`);
  }
  return lines;
}
