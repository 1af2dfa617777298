// DESIGN §9.7: which features of config/features.json an opportunity's customer uses. A
// feature is available from the later of its release and the close date; it is adopted at
// the event that made `event:<event>`, counted from that day's UTC start, reach its threshold.

import { daysBetween, formatInstant } from './dates.js';
import type { Feature } from './features.js';
import type { IsoDate, IsoDateTime, ThresholdCrossing, ThresholdQuery } from './types.js';

export interface FeatureAdoption {
  key: string;
  name: string;
  releasedOn: IsoDate;
  /** the later of releasedOn and the close date */
  availableOn: IsoDate;
  /** the event that made the count reach the threshold; null while not adopted */
  adoptedAt: IsoDateTime | null;
  /** whole days from availableOn to today: 30 on the 30th day after it */
  daysAvailable: number;
}

export const availableOn = (feature: Feature, closeDate: IsoDate): IsoDate =>
  feature.releasedOn > closeDate ? feature.releasedOn : closeDate;

/** The threshold crossings the store is asked for: one per feature available by today. */
export function adoptionQueries(features: readonly Feature[], closeDate: IsoDate, today: IsoDate): ThresholdQuery[] {
  return features
    .filter((feature) => availableOn(feature, closeDate) <= today)
    .map((feature) => ({
      metric: `event:${feature.event}`,
      threshold: feature.threshold,
      since: availableOn(feature, closeDate)
    }));
}

/**
 * Every feature available to the opportunity by `today`, in the features file's order, with
 * when it was adopted. `crossings` are the store's answers to adoptionQueries (null: no usage,
 * so nothing is adopted). Features released after today are not listed: not available yet.
 */
export function featureAdoption(
  features: readonly Feature[],
  closeDate: IsoDate,
  crossings: readonly ThresholdCrossing[] | null,
  today: IsoDate
): FeatureAdoption[] {
  return features.flatMap((feature): FeatureAdoption[] => {
    const since = availableOn(feature, closeDate);
    if (since > today) return [];
    const metric = `event:${feature.event}`;
    const crossing = crossings?.find(
      (c) => c.metric === metric && c.threshold === feature.threshold && c.since === since
    );
    return [
      {
        key: feature.key,
        name: feature.name,
        releasedOn: feature.releasedOn,
        availableOn: since,
        adoptedAt: crossing?.reachedAt ? formatInstant(crossing.reachedAt) : null,
        daysAvailable: daysBetween(since, today)
      }
    ];
  });
}

/** Features_Adopted__c is Text(255). */
const FEATURES_ADOPTED_MAX_LENGTH = 255;

/**
 * Features_Adopted__c: `N of M features in use`, plus ` (not yet: A, B)` when some are not,
 * cut to 255 characters. null when no feature is available yet (nothing to say).
 */
export function featuresAdoptedText(adoption: readonly FeatureAdoption[]): string | null {
  if (adoption.length === 0) return null;
  const notYet = adoption.filter((a) => a.adoptedAt === null).map((a) => a.name);
  const text =
    `${adoption.length - notYet.length} of ${adoption.length} features in use` +
    (notYet.length > 0 ? ` (not yet: ${notYet.join(', ')})` : '');
  return text.length <= FEATURES_ADOPTED_MAX_LENGTH ? text : `${text.slice(0, FEATURES_ADOPTED_MAX_LENGTH - 2)}…)`;
}
