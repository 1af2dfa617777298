// The demo's closing table: every won opportunity in scope, as the sync left it.

import { POST_SALE_STATUSES, type Opportunity } from '../../worker/core/types.js';

const HEADER = [
  'Opportunity',
  'Post-sale status',
  'Onboarded',
  'Days to value',
  'Score',
  'Grade',
  'Open cases',
  'Satisfied',
  'Key people engaged',
  'Features in use',
  'Top driver'
];
const MAX_DRIVER = 64;

/** `3 of 6` from the satisfaction driver line (DESIGN §9.4); blank when no answer counts. */
function satisfied(drivers: string | null): string {
  const line = drivers?.split('\n').find((l) => / satisfaction: /.test(l) && !l.startsWith('absent'));
  return /: (\d+ of \d+) answers? satisfied/.exec(line ?? '')?.[1] ?? '';
}

/** `2 of 5` from Features_Adopted__c (DESIGN §9.7), without the names not adopted yet. */
function featuresInUse(text: string | null): string {
  return /^(\d+ of \d+) features in use/.exec(text ?? '')?.[1] ?? '';
}

function topDriver(drivers: string | null): string {
  const line = drivers?.split('\n')[0] ?? '';
  return line.length > MAX_DRIVER ? `${line.slice(0, MAX_DRIVER - 1)}…` : line;
}

/** Rows in post-sale status order (Awaiting Kickoff first), then by name. */
export function demoTable(opportunities: readonly Opportunity[]): string {
  const statusOrder = (o: Opportunity) => (o.postSaleStatus ? POST_SALE_STATUSES.indexOf(o.postSaleStatus) : -1);
  const rows = [...opportunities]
    .sort((a, b) => statusOrder(a) - statusOrder(b) || a.name.localeCompare(b.name))
    .map((o) => [
      o.name,
      o.postSaleStatus ?? '',
      o.onboarded ? 'yes' : 'no',
      o.daysToFirstValue === null ? '' : String(o.daysToFirstValue),
      o.healthScore === null ? '' : String(o.healthScore),
      o.healthGrade ?? '',
      o.openSupportCases === null ? '' : String(o.openSupportCases),
      satisfied(o.healthDrivers),
      o.keyPeople ? `${o.keyPeopleEngaged ?? 0} of ${o.keyPeople}` : '',
      featuresInUse(o.featuresAdopted),
      o.healthScore === null ? 'not scored: no health measure yet' : topDriver(o.healthDrivers)
    ]);
  const all = [HEADER, ...rows];
  const widths = HEADER.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const numeric = new Set([3, 4, 6]);
  const format = (row: string[]) =>
    row
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)
      )
      .join('  ')
      .trimEnd();
  return [format(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format)].join('\n');
}
