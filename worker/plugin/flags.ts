// Flags every `sf cairn` command takes: the org to run against and the API version to use.
import { SfError } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';

export const orgFlags = {
  'target-org': Flags.requiredOrg(),
  'api-version': Flags.orgApiVersion()
};

/** A count of days: whole, 1 to 3650 (ten years), checked before anything reaches the org. */
export function daysFlag(options: { summary: string; default: number }) {
  return Flags.integer({ summary: options.summary, default: options.default, min: 1, max: 3650 });
}

/**
 * A flag's parse function from a pure parser: a value the parser refuses becomes a usage
 * error (exit status 2), as oclif's own checks (an integer out of range) are.
 */
export function flagValue<T>(parse: (value: string) => T): (value: string) => Promise<T> {
  return async (value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new SfError((error as Error).message, 'InvalidFlagValueError', undefined, 2);
    }
  };
}
