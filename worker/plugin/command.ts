// What every `sf cairn` command shares: "now" (CAIRN_NOW), and errors translated into ones that
// say how to fix them (see errors.ts). Each command is a thin class over pure query and
// shaping functions in worker/plugin/queries.
import { SfCommand } from '@salesforce/sf-plugins-core';
import type { SfError } from '@salesforce/core';
import { cairnNow } from './clock.js';
import { explainError } from './errors.js';

/** The value given to --target-org / -o on the command line, if any (also `--target-org=x`). */
export function targetOrgArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const inline = /^(?:--target-org|-o)=(.+)$/.exec(arg);
    if (inline) return inline[1];
    if (arg === '--target-org' || arg === '-o') return argv[i + 1];
  }
  return undefined;
}

export abstract class CairnCommand<T> extends SfCommand<T> {
  /** The run's "now": CAIRN_NOW when set, else the clock. */
  protected now(): Date {
    return cairnNow();
  }

  /** The rows as a table, or the line that says there are none (the rows are the --json result). */
  protected tableOrNone(
    rows: readonly unknown[],
    none: string,
    table: () => Parameters<SfCommand<T>['table']>[0]
  ): void {
    if (rows.length === 0) this.log(none);
    else this.table(table());
  }

  protected override async catch(error: Error | SfError): Promise<never> {
    return super.catch(explainError(error, { targetOrg: targetOrgArgument(this.argv) }));
  }
}
