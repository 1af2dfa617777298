// `npm run demo -- --no-serve` end to end, as a smoke test: the compiled demo in a child
// process at a fixed "now" reaches its table, which lists every won opportunity in scope of
// the demo book of business with a post-sale status — and, between them, every status.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { POST_SALE_STATUSES } from '../../worker/core/types.js';
import { readScope } from '../../worker/salesforce/scope.js';
import { connect } from '../../worker/salesforce/session.js';
import { startLocalOrg } from '../local-org/index.js';
import { localOrgSettings } from '../sync/harness.js';

const DEMO = 'lib/scripts/demo/main.js';
const NOW = '2026-05-01T09:00:00Z';

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('./node_modules/.bin/node', [DEMO, '--no-serve'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CAIRN_NOW: NOW },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The table's rows as { name, status }, cut at the column widths of its dashed rule. */
function tableRows(stdout: string): { name: string; status: string; grade: string }[] {
  const lines = stdout.split('\n');
  const rule = lines.findIndex((line) => /^-+( {2}-+)+$/.test(line));
  if (rule < 0) return [];
  const widths = (lines[rule] as string).split('  ').map((dashes) => dashes.length);
  const cut = (line: string, column: number): string => {
    const start = widths.slice(0, column).reduce((sum, w) => sum + w + 2, 0);
    return line.slice(start, start + (widths[column] ?? 0)).trim();
  };
  const rows = [];
  for (const line of lines.slice(rule + 1)) {
    if (line.trim() === '') break;
    rows.push({ name: cut(line, 0), status: cut(line, 1), grade: cut(line, 5) });
  }
  return rows;
}

it('runs to its table of every won opportunity in scope, with a spread of statuses', async () => {
  if (!existsSync(DEMO)) throw new Error(`${DEMO} is missing: run npm run build first (npm test does)`);
  // the same demo book of business, to know which won opportunities are in scope at NOW
  const reference = await startLocalOrg({ port: 0, seed: 'demo', now: NOW, quiet: true });
  let expected: string[];
  try {
    const scope = await readScope(await connect(localOrgSettings(reference)), new Date(NOW));
    expected = scope.opportunities.map((o) => o.name).sort();
  } finally {
    await reference.close();
  }

  const { code, stdout, stderr } = await runDemo();

  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).toMatch(/Sent \d+ usage events for \d+ accounts to POST http:\/\/127\.0\.0\.1:\d+\/v1\/batch/);
  expect(stdout).toMatch(/Run [0-9a-f-]{36} succeeded/);
  const rows = tableRows(stdout);
  expect(rows.map((r) => r.name).sort()).toEqual(expected);
  for (const row of rows) expect(POST_SALE_STATUSES).toContain(row.status);
  expect(new Set(rows.map((r) => r.status))).toEqual(new Set(POST_SALE_STATUSES));
  expect(new Set(rows.map((r) => r.grade).filter(Boolean)).size).toBeGreaterThanOrEqual(3);
}, 300_000);
