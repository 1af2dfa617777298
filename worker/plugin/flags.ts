// Flags every `sf cairn` command takes: the org to run against and the API version to use.
import { Flags } from '@salesforce/sf-plugins-core';

export const orgFlags = {
  'target-org': Flags.requiredOrg(),
  'api-version': Flags.orgApiVersion()
};

/** A count of days: whole, 1 to 3650 (ten years), checked before anything reaches the org. */
export function daysFlag(options: { summary: string; default: number }) {
  return Flags.integer({ summary: options.summary, default: options.default, min: 1, max: 3650 });
}
