// `npm run preview [-- --screenshots DIR] [-- --port P] [-- --org-url URL --token T] [-- --record-id ID]`
//
// Builds the Cairn components with the LWC compiler and lightning-base-components against
// stand-in Lightning Data Service modules, serves them on 127.0.0.1 laid out like the
// Opportunity record page, and reads data from an org: the one given by --org-url/--token
// (or LOCAL_ORG_URL/LOCAL_ORG_TOKEN), else a local org started here with the demo data.
// With --screenshots it opens the page in headless Chromium, saves one PNG per component and
// the whole page, and exits non-zero on any console error or component that did not render.

import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalOrg } from '../../test/local-org/index.js';
import { buildPreviewIfChanged, previewPaths } from './build.js';
import { currentUserId, findDemoRecord } from './demo-record.js';
import { takeScreenshots } from './screenshots.js';
import { startPreviewServer, type OrgConnection } from './server.js';

const API_VERSION = '62.0';
const DEFAULT_PORT = 8710;

const USAGE = `Usage: npm run preview -- [--port P] [--screenshots DIR] [--org-url URL --token T] [--record-id ID]

  --port P          port on 127.0.0.1 (default ${DEFAULT_PORT}; with --screenshots, a free one)
  --screenshots DIR save a PNG of each component and of the page into DIR, then exit
  --org-url URL     read data from this org (default: LOCAL_ORG_URL, else a local org with demo data)
  --token T         its access token (default: LOCAL_ORG_TOKEN)
  --record-id ID    the Opportunity to show (default: the richest won one; ?recordId= picks another)`;

interface Options {
  port: number;
  screenshots: string | null;
  org: OrgConnection | null;
  recordId: string | null;
}

class UsageError extends Error {}

const FLAGS = {
  port: { type: 'string' },
  screenshots: { type: 'string' },
  'org-url': { type: 'string' },
  token: { type: 'string' },
  'record-id': { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const;

function parseOptions(argv: string[]): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const screenshots = values.screenshots ? path.resolve(values.screenshots) : null;
  const port = values.port === undefined ? (screenshots ? 0 : DEFAULT_PORT) : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
  }
  const orgUrl = values['org-url'] ?? process.env.LOCAL_ORG_URL;
  const token = values.token ?? process.env.LOCAL_ORG_TOKEN;
  if (values['org-url'] && !token) {
    throw new UsageError('--org-url needs --token (or LOCAL_ORG_TOKEN) to go with it.');
  }
  return {
    port,
    screenshots,
    org: orgUrl && token ? { url: orgUrl, accessToken: token } : null,
    recordId: values['record-id'] ?? null
  };
}

/** The repository root, from scripts/preview (sources) or lib/scripts/preview (compiled). */
function repositoryRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const compiled = here.includes(path.join('lib', 'scripts', 'preview'));
  return path.resolve(here, compiled ? '../../..' : '../..');
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    let org = options.org;
    if (org) {
      console.log(`Reading data from the org at ${org.url}`);
    } else {
      const local = await startLocalOrg({ port: 0, seed: 'demo', quiet: true });
      cleanups.push(() => local.close());
      org = { url: local.url, accessToken: local.accessToken };
      console.log(`Started a local org with the demo data at ${local.url} (a stand-in for Salesforce)`);
    }

    const userId = await currentUserId(org);
    const record = options.recordId
      ? { id: options.recordId, name: options.recordId, missing: [] }
      : await findDemoRecord(org, API_VERSION);
    if (!record) {
      throw new Error('The org has no won Opportunity to show. Load the demo data (npm run demo) or pass --record-id.');
    }
    if (record.missing.length > 0) {
      console.warn(
        `Note: "${record.name}" has no ${record.missing.join(', ')} yet; run a sync first (npm run demo) to see everything.`
      );
    }

    const paths = previewPaths(repositoryRoot());
    const buildDir = path.join(paths.root, 'lib', 'preview', 'build');
    const build = await buildPreviewIfChanged(paths, buildDir);
    console.log(
      build.reused
        ? `The components are unchanged since the last build (${path.relative(paths.root, buildDir)}); using it.`
        : `Built the components in ${(build.durationMs / 1000).toFixed(1)} s`
    );

    const server = await startPreviewServer({
      org,
      apiVersion: API_VERSION,
      buildDir,
      clientDir: paths.clientDir,
      userId,
      recordId: record.id,
      port: options.port
    });
    cleanups.push(() => server.close());
    const pageUrl = `${server.url}?recordId=${encodeURIComponent(record.id)}`;
    console.log(`Cairn component preview of "${record.name}": ${pageUrl}`);

    if (options.screenshots) {
      const result = await takeScreenshots(pageUrl, options.screenshots);
      for (const file of result.files) console.log(`  wrote ${file}`);
      for (const problem of result.problems) console.error(`  problem: ${problem}`);
      await cleanUp();
      return result.problems.length === 0 ? 0 : 1;
    }

    console.log('Press Ctrl+C to stop.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await cleanUp();
    return 0;
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      console.error(`preview: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  }
);
