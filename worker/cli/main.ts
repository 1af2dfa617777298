// cairn-worker: `npm run worker -- <command>` (DESIGN §5.1).

import { pathToFileURL } from 'node:url';
import { EXIT, UsageError, type Command, type Io } from './command.js';
import { ingestCommand } from './ingest-command.js';
import { rejectedCommand } from './rejected-command.js';
import { startCommand } from './start-command.js';
import { syncCommand } from './sync-command.js';

const COMMANDS: readonly Command[] = [startCommand, syncCommand, ingestCommand, rejectedCommand];

const USAGE = `Usage: npm run worker -- <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join('\n')}

Run \`npm run worker -- <command> --help\` for a command's options and exit codes.`;

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${command.name}: ${error.message}\nRun \`npm run worker -- ${command.name} --help\` for its usage.`);
      return EXIT.usage;
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const io: Io = {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`cairn-worker: ${error.stack ?? error.message}\n`);
      process.exitCode = EXIT.failed;
    }
  );
}
