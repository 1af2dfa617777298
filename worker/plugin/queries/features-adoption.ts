// `sf cairn features adoption` (DESIGN §9.7, §9.8): per feature of config/features.json, the
// in-scope opportunities it is available to and which of them have not adopted it, by the
// sync's own rule (core/adoption.ts) over the worker store's usage.
import { adoptionQueries, featureAdoption } from '../../core/adoption.js';
import type { Feature } from '../../core/features.js';
import type { IsoDate, MetricsRequest, ThresholdCrossing } from '../../core/types.js';
import { scopeCondition } from '../../salesforce/scope.js';

export interface FeatureAdoptionRow {
  key: string;
  name: string;
  releasedOn: IsoDate;
  /** in-scope opportunities with usage linked that the feature is available to */
  available: number;
  adopted: number;
  /** longest available first */
  notAdopted: { opportunityId: string; opportunityName: string; daysAvailable: number }[];
}

export type FeaturesAdoptionResult = FeatureAdoptionRow[];

export interface AdoptionOpportunityRecord {
  Id: string;
  Name: string;
  CloseDate: IsoDate;
  Account: { Product_Account_Id__c: string | null } | null;
}

/** The sync's scope, with what adoption needs; opportunities without usage linked are left out (nothing to measure). */
export function adoptionOpportunitiesQuery(now: Date): string {
  return (
    'SELECT Id, Name, CloseDate, Account.Product_Account_Id__c FROM Opportunity' +
    ` WHERE ${scopeCondition(now)} AND Account.Product_Account_Id__c != null ORDER BY Name`
  );
}

/** What to ask the store: for each opportunity, the threshold crossing of every feature available to it. */
export function adoptionRequests(
  features: readonly Feature[],
  opportunities: readonly AdoptionOpportunityRecord[],
  today: IsoDate
): MetricsRequest[] {
  return opportunities.flatMap((o): MetricsRequest[] => {
    const productAccountId = o.Account?.Product_Account_Id__c;
    if (!productAccountId) return [];
    return [
      {
        opportunityId: o.Id,
        productAccountId,
        closeDate: o.CloseDate,
        licensedSeats: null,
        eventNames: [],
        thresholds: adoptionQueries(features, o.CloseDate, today)
      }
    ];
  });
}

/** One row per feature, in the features file's order, from the store's crossings by opportunity id. */
export function featureAdoptionRows(
  features: readonly Feature[],
  opportunities: readonly AdoptionOpportunityRecord[],
  crossings: ReadonlyMap<string, readonly ThresholdCrossing[]>,
  today: IsoDate
): FeaturesAdoptionResult {
  const rows = features.map((f): FeatureAdoptionRow => ({
    key: f.key,
    name: f.name,
    releasedOn: f.releasedOn,
    available: 0,
    adopted: 0,
    notAdopted: []
  }));
  for (const o of opportunities) {
    if (!o.Account?.Product_Account_Id__c) continue;
    for (const a of featureAdoption(features, o.CloseDate, crossings.get(o.Id) ?? [], today)) {
      const row = rows.find((r) => r.key === a.key);
      if (!row) continue;
      row.available += 1;
      if (a.adoptedAt !== null) row.adopted += 1;
      else row.notAdopted.push({ opportunityId: o.Id, opportunityName: o.Name, daysAvailable: a.daysAvailable });
    }
  }
  for (const row of rows) {
    row.notAdopted.sort(
      (a, b) =>
        b.daysAvailable - a.daysAvailable ||
        a.opportunityName.localeCompare(b.opportunityName, 'en') ||
        a.opportunityId.localeCompare(b.opportunityId)
    );
  }
  return rows;
}
