// `npm run worker -- ingest FILE`: imports usage events from a JSONL or CSV file (DESIGN §3).

import { existsSync } from 'node:fs';
import { ingestFile } from '../sources/event-file.js';
import { describeRejection } from '../sources/source.js';
import { EXIT, parseFlags, type Command } from './command.js';
import { withWorkerStore } from './setup.js';

const HELP = `Usage: npm run worker -- ingest FILE

Imports usage events into the worker's store from FILE:
  JSONL  one event per line:
         {"accountId":"acme","userId":"u1","name":"report_created","timestamp":"2026-04-20T10:00:00Z","messageId":"m1"}
  CSV    a header with accountId,userId,name,timestamp,messageId (and optionally properties, as JSON)
accountId is the account's Product_Account_Id__c in Salesforce. Events already stored (same
messageId) are skipped; a line that is not a valid event is reported with its line number
and the others are imported.

Options:
  -h, --help  show this help

Exit codes: 0 every line imported (or already there); 3 some lines rejected (listed); 1 the
file or the store could not be read; 4 another process has the embedded store open
(send the file to the running worker instead); 2 bad usage.`;

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'import usage events from a JSONL or CSV file',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {},
      { min: 1, max: 1, names: 'FILE (a JSONL or CSV file of events)' }
    );
    if (values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
    const file = positionals[0] as string;
    // before the store is opened, which can take a while: a mistyped path fails at once
    if (!existsSync(file)) {
      io.err(`Cannot import ${file}: no such file`);
      return EXIT.failed;
    }
    return withWorkerStore(
      io,
      (config) => config,
      async (store, config) => {
        try {
          const result = await ingestFile(store, file, config.now ?? new Date(), config.satisfaction.npsEvent);
          io.out(
            `${file}: ${result.inserted} events imported, ${result.duplicates} already stored, ${result.rejected.length} rejected`
          );
          for (const rejection of result.rejected) {
            io.out(`  ${describeRejection(rejection)}`);
          }
          return result.rejected.length > 0 ? EXIT.partial : EXIT.ok;
        } catch (error) {
          io.err(`Cannot import ${file}: ${(error as Error).message}`);
          return EXIT.failed;
        }
      }
    );
  }
};
