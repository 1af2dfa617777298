// A small, fixed book of business for the reliability tests: `count` won opportunities
// cycling through four situations (a fresh single-call deal with usage, a multi-phase
// project under way with usage, a deal whose account has no product usage, a renewal
// coming up), and their usage events. The same count seeds the same org every time (the
// local org hands out ids in order), so two orgs seeded alike can be compared record by
// record.

import type { UsageEvent } from '../../../worker/ingest/event.js';
import type { LocalOrg } from '../../local-org/index.js';
import { event, seedOpportunity } from '../../sync/org-records.js';

/** "now" of every reliability run: today is 2026-05-01. */
export const NOW = '2026-05-01T09:00:00Z';

export interface Book {
  opportunityIds: string[];
  events: UsageEvent[];
}

const day = (n: number) => String(1 + (n % 28)).padStart(2, '0');

export function seedBook(org: LocalOrg, count: number): Book {
  const opportunityIds: string[] = [];
  const events: UsageEvent[] = [];
  for (let i = 0; i < count; i++) {
    const account = `rel-acct-${i}`;
    switch (i % 4) {
      case 0:
        opportunityIds.push(
          seedOpportunity(org, {
            name: `Fresh ${i}`,
            productAccountId: account,
            closeDate: `2026-04-${day(i)}`,
            fields: { Implementation_Type__c: 'Single Call', Licensed_Seats__c: 10 }
          })
        );
        events.push(
          event(account, 'u1', 'report_created', '2026-04-29T10:00:00Z'),
          event(account, 'u2', 'login', '2026-04-30T10:00:00Z')
        );
        break;
      case 1:
        opportunityIds.push(
          seedOpportunity(org, {
            name: `Project ${i}`,
            productAccountId: account,
            closeDate: `2026-02-${day(i)}`,
            fields: {
              Implementation_Type__c: 'Multi-Phase Project',
              Licensed_Seats__c: 20,
              Kickoff_Date__c: '2026-03-02'
            }
          })
        );
        events.push(
          event(account, 'u1', 'integration_connected', '2026-03-20T10:00:00Z'),
          event(account, 'u2', 'login', '2026-04-25T08:00:00Z'),
          event(account, 'u3', 'login', '2026-04-26T08:00:00Z')
        );
        break;
      case 2:
        opportunityIds.push(
          seedOpportunity(org, {
            name: `No Usage ${i}`,
            productAccountId: null,
            closeDate: `2026-03-${day(i)}`,
            fields: { Implementation_Type__c: 'Single Call', Licensed_Seats__c: 5 }
          })
        );
        break;
      default:
        opportunityIds.push(
          seedOpportunity(org, {
            name: `Renewal ${i}`,
            productAccountId: account,
            closeDate: `2025-06-${day(i)}`,
            fields: {
              Implementation_Type__c: 'Single Call',
              Licensed_Seats__c: 5,
              Kickoff_Date__c: '2025-06-20',
              Contract_End_Date__c: '2026-06-30'
            }
          })
        );
        events.push(
          event(account, 'u1', 'report_created', '2025-07-01T10:00:00Z'),
          event(account, 'u1', 'login', '2026-04-28T10:00:00Z')
        );
    }
  }
  return { opportunityIds, events };
}
