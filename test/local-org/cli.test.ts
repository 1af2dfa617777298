// `npm run local-org` (the compiled main.js, as npm runs it): the banner, a working org, and
// --data keeping state across restarts. Needs `npm run build` first (npm test does it).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const NODE = resolve('node_modules/.bin/node');
const MAIN = resolve('lib/test/local-org/main.js');
const TIMEOUT = 60_000;

interface Running {
  child: ChildProcess;
  banner: string;
  url: string;
  token: string;
}

function start(args: string[]): Promise<Running> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(NODE, [MAIN, ...args], { env: { ...process.env, LOCAL_ORG_NOW: '2026-05-01T12:00:00Z' } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /URL:\s+(\S+)/.exec(out)?.[1];
      const token = /Access token:\s+(\S+)/.exec(out)?.[1];
      if (url && token && out.includes('sf CLI:')) resolvePromise({ child, banner: out, url, token });
    });
    child.on('exit', (code) => reject(new Error(`local org exited with ${code}: ${out}`)));
  });
}

function stop(running: Running): Promise<void> {
  return new Promise((resolvePromise) => {
    running.child.removeAllListeners('exit');
    running.child.once('exit', () => resolvePromise());
    running.child.kill('SIGTERM');
  });
}

const count = async (running: Running, soql: string): Promise<number> => {
  const res = await fetch(`${running.url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, {
    headers: { Authorization: `Bearer ${running.token}` }
  });
  return ((await res.json()) as { totalSize: number }).totalSize;
};

test(
  'the banner says what it is and how to reach it; --data keeps the records across restarts',
  async () => {
    expect(existsSync(MAIN)).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'local-org-')), 'org.json');
    const first = await start(['--port', '0', '--seed', 'demo', '--data', file]);
    expect(first.banner).toContain('a local stand-in for Salesforce');
    expect(first.banner).toContain('NOT a Salesforce org');
    expect(first.banner).toMatch(/Refresh token:\s+\S+/);
    expect(first.banner).toContain('admin@cairn.local');
    const demoDeals = await count(first, 'SELECT COUNT() FROM Opportunity');
    expect(demoDeals).toBeGreaterThan(10);
    await fetch(`${first.url}/services/data/v62.0/sobjects/Account`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${first.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ Name: 'Added before the restart' })
    });
    await stop(first);
    expect(existsSync(file)).toBe(true);

    // Restarted on the same file, with --seed demo again: the data is the saved data, not a second demo.
    const second = await start(['--port', '0', '--seed', 'demo', '--data', file]);
    expect(await count(second, 'SELECT COUNT() FROM Opportunity')).toBe(demoDeals);
    expect(await count(second, "SELECT COUNT() FROM Account WHERE Name = 'Added before the restart'")).toBe(1);
    await stop(second);
  },
  TIMEOUT
);

test(
  'bad arguments exit 2 with the reason and the usage',
  async () => {
    const child = spawn(NODE, [MAIN, '--seed', 'everything']);
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(2);
    expect(err).toContain('--seed must be demo or none, not "everything"');
    expect(err).toContain('Usage: npm run local-org');
  },
  TIMEOUT
);
