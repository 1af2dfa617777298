// What every `cairn-worker` command shares: parsing its flags with node:util parseArgs into
// clear usage errors, and the exit codes.

import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * 0 the command did its work (a sync run succeeded);
 * 1 it failed: a failed run (auth, permission gap, daily limit...), invalid configuration,
 *   a store or file that cannot be opened;
 * 2 usage: an unknown command or flag, a missing argument;
 * 3 partial: a sync run wrote what it could but Salesforce refused some rows (listed), or
 *   an import stored the good lines and rejected some (listed) — done, but needs a look;
 * 4 busy: another sync run holds the store's lock, or another process has the embedded store open.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, partial: 3, busy: 4 } as const;

/** A command line the command cannot make sense of; main prints it with the command's help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  name: string;
  summary: string;
  help: string;
  run(args: string[], io: Io): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Flags {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * parseArgs with strict checking (every command also takes -h/--help), turning its errors
 * into UsageErrors that say what is wrong.
 */
export function parseFlags(
  args: string[],
  options: Options,
  positionals: { min: number; max: number; names: string }
): Flags {
  let parsed: Flags;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true
    }) as Flags;
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(message);
  }
  const count = parsed.positionals.length;
  if (!parsed.values.help && (count < positionals.min || count > positionals.max)) {
    throw new UsageError(
      count < positionals.min
        ? `missing ${positionals.names}`
        : `unexpected argument${count - positionals.max > 1 ? 's' : ''}: ${parsed.positionals.slice(positionals.max).join(' ')}`
    );
  }
  return parsed;
}
