// A sync run's result as a person reads it in a terminal.

import type { PlannedWrite, SyncResult } from '../sync/result.js';

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('   ')
      .trimEnd()
  );
}

function plannedCounts(planned: readonly PlannedWrite[]): Map<string, { create: number; update: number }> {
  const counts = new Map<string, { create: number; update: number }>();
  for (const write of planned) {
    const entry = counts.get(write.object) ?? { create: 0, update: 0 };
    if (write.before === null) entry.create += 1;
    else entry.update += 1;
    counts.set(write.object, entry);
  }
  return counts;
}

export function formatSummary(result: SyncResult, now: Date): string {
  const seconds = (result.durationMs / 1000).toFixed(1);
  const lines = [
    `Sync run ${result.runId} ${result.dryRun ? `(dry run) ` : ''}${result.status} in ${seconds} s (rules' now: ${now.toISOString()})`,
    `In scope: ${result.opportunitiesInScope} won ${result.opportunitiesInScope === 1 ? 'opportunity' : 'opportunities'}`
  ];
  if (result.error) lines.push(`Error: ${result.error}`);
  for (const skipped of result.skipped) {
    lines.push(
      `Left out: opportunity ${skipped.opportunityId}: ${skipped.object} ${skipped.recordId ?? ''} ${skipped.message}`.replace(
        /\s+/g,
        ' '
      )
    );
  }
  for (const warning of result.warnings)
    lines.push(`Warning: opportunity ${warning.opportunityId}: ${warning.message}`);
  for (const pull of result.usage) {
    lines.push(
      `Usage source ${pull.source}: ${pull.inserted} new events, ${pull.duplicates} already stored, ${pull.rejected} rejected` +
        (pull.error ? `; stopped early: ${pull.error}` : '')
    );
    for (const rejection of pull.firstRejections ?? []) lines.push(`  rejected ${rejection}`);
  }

  if (result.dryRun) {
    const planned = plannedCounts(result.plannedWrites ?? []);
    lines.push(
      planned.size === 0 ? 'Planned writes: none, the org is up to date' : 'Planned writes (nothing was sent):'
    );
    if (planned.size > 0) {
      const rows = [
        ['object', 'to create', 'to update'],
        ...[...planned].map(([object, c]) => [object, String(c.create), String(c.update)])
      ];
      lines.push(...table(rows).map((row) => `  ${row}`));
    }
  } else {
    const written = Object.entries(result.writes).filter(([, c]) => c.created + c.updated > 0);
    lines.push(written.length === 0 ? 'Writes: none, the org was up to date' : 'Writes:');
    if (written.length > 0) {
      const rows = [
        ['object', 'created', 'updated'],
        ...written.map(([object, c]) => [object, String(c.created), String(c.updated)])
      ];
      lines.push(...table(rows).map((row) => `  ${row}`));
    }
  }

  if (result.failedRows.length === 0) {
    lines.push('Failed rows: none');
  } else {
    lines.push(`Failed rows (${result.failedRows.length}, quarantined; see GET /runs/${result.runId}):`);
    for (const row of result.failedRows) {
      lines.push(
        `  ${row.object} ${row.key}${row.id && row.id !== row.key ? ` (${row.id})` : ''}: ${row.statusCode}: ${row.message}`,
        `    fix: ${row.fix}`
      );
    }
  }
  if (result.notAttempted > 0)
    lines.push(`Not written because the run stopped: ${result.notAttempted} rows (the next run writes them)`);

  const kinds = Object.entries(result.apiCallsByKind)
    .filter(([, calls]) => calls > 0)
    .map(([kind, calls]) => `${kind} ${calls}`);
  lines.push(`API calls: ${result.apiCalls}${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}`);
  const { rows, calls, sessionRenewals } = result.retries;
  if (rows + calls + sessionRenewals > 0) {
    lines.push(`Retries: ${rows} rows, ${calls} calls, ${sessionRenewals} session renewals`);
  }
  return lines.join('\n');
}
