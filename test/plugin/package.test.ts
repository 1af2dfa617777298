// The plugin as users get it: `npm pack` (whose prepack builds and writes oclif.manifest.json),
// then `sf plugins install file:<tarball>` into a fresh sf home, as README "The `sf cairn`
// plugin" says. The help must come from the packed worker/plugin/messages/*.md files and the
// manifest. Installs the tarball's dependencies from the npm registry (about 20 s here).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { cliEnvironment, sf } from './cli.js';

const SLOW = 600_000;
async function npmPack(destination: string): Promise<string> {
  // npm from PATH, with node_modules/.bin first so prepack's build runs on the project's Node 22.
  const env = {
    ...process.env,
    PATH: `${path.resolve('node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`
  };
  const { stdout } = await promisify(execFile)('npm', ['pack', '--pack-destination', destination], {
    env,
    maxBuffer: 16 * 1024 * 1024
  });
  return path.join(destination, stdout.trim().split('\n').at(-1)!);
}

test(
  'the packed tarball installs into a clean sf and `sf cairn kickoff missing --help` shows the .md help',
  async () => {
    const tarball = await npmPack(fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-pack-')));
    expect(path.basename(tarball)).toBe('cairn-0.1.0.tgz');
    expect(fs.existsSync('oclif.manifest.json')).toBe(false); // postpack removed it

    // npm fetches the dependencies, so it keeps the machine's TLS trust (a proxy's CA, say).
    const trust = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'HTTPS_PROXY', 'https_proxy'].filter(
      (name) => process.env[name]
    );
    const env = {
      ...cliEnvironment('2026-03-15T12:00:00Z'),
      ...Object.fromEntries(trust.map((name) => [name, process.env[name]]))
    };
    const plugin = `file:${tarball}`;
    // The documented way to install an unsigned plugin without the y/N prompt.
    fs.mkdirSync(path.join(env.HOME!, '.config', 'sf'), { recursive: true });
    fs.writeFileSync(path.join(env.HOME!, '.config', 'sf', 'unsignedPluginAllowList.json'), JSON.stringify([plugin]));

    const install = await sf(['plugins', 'install', plugin], env);
    expect(`${install.code} ${install.stderr}`).toMatch(/^0 /);
    const installed = path.join(env.HOME!, '.local', 'share', 'sf', 'node_modules', 'cairn');
    expect(fs.existsSync(path.join(installed, 'oclif.manifest.json'))).toBe(true);
    expect(fs.readdirSync(path.join(installed, 'worker', 'plugin', 'messages'))).toContain('cairn.kickoff.missing.md');

    const help = await sf(['cairn', 'kickoff', 'missing', '--help'], env);
    expect(help.code).toBe(0);
    // oclif wraps help to the terminal's width: compare with whitespace folded.
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('List won deals closed in the last N days whose kickoff call has not been held.');
    expect(text).toContain('How many days back to look, counting from today (1 to 3650).');
    expect(text).toContain('Look back 30 days and get JSON for a script:');
    expect(text).toContain('sf cairn kickoff missing --days 30 --target-org prod --json');
  },
  SLOW
);
