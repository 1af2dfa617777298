// Runs the `sf cairn` plugin's commands from this repository, with no global `sf`:
//   npm run cairn -- kickoff missing --target-org my-org --json
// is `sf cairn kickoff missing --target-org my-org --json`. `npm run cairn` builds first
// (its precairn hook), so lib/ holds the compiled commands this loads. Orgs are the ones the
// `sf` CLI has authorised (same ~/.sf files), e.g. with `sf org login web --alias my-org`.
import { execute, settings } from '@oclif/core';

// Always load the compiled commands from lib/: under NODE_ENV=development or test oclif would
// otherwise try to transpile the TypeScript sources itself, which this ESM project cannot.
settings.enableAutoTranspile = false;

const args = process.argv.slice(2);
await execute({ dir: import.meta.url, args: args[0] === 'cairn' ? args : ['cairn', ...args] });
