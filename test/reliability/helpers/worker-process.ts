// The real worker as a child process: `node lib/worker/cli/main.js <command>` (what
// `npm run worker -- <command>` runs after its build), with an environment the test gives
// in full (nothing inherited but PATH, so a developer's SF_* variables cannot leak in), and
// every byte it writes to stdout and stderr kept. `npm test` builds lib/ first; run
// `npm run build` before running these tests on their own.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const NODE = resolve('node_modules/.bin/node');
const MAIN = resolve('lib/worker/cli/main.js');

export type Env = Record<string, string>;

export interface WorkerProcess {
  child: ChildProcess;
  /** everything written so far */
  stdout(): string;
  stderr(): string;
  /** resolves when the process has exited */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** resolves with the first stderr or stdout line matching `pattern`; rejects if the process exits first */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

function requireBuild(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first (npm test does)`);
}

/** Spawns `main.js ...args` with exactly `env` (plus PATH). */
export function spawnWorker(args: string[], env: Env): WorkerProcess {
  requireBuild();
  const child = spawn(NODE, [MAIN, ...args], {
    cwd: process.cwd(),
    env: { PATH: `${resolve('node_modules/.bin')}:${process.env.PATH ?? ''}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    changed();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
    changed();
  });
  let done = false;
  // 'close' comes once the process has exited and its output pipes are drained
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.on('close', (code, signal) => {
      done = true;
      changed();
      resolveExit({ code, signal });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolveLine, reject) => {
        const check = () => {
          const line = `${out}\n${err}`.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) finish(() => resolveLine(line));
          else if (done)
            finish(() => reject(new Error(`the worker exited before printing ${pattern}:\n${out}\n${err}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${out}\n${err}`))),
          timeoutMs
        );
        const finish = (then: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          then();
        };
        listeners.add(check);
        check();
      });
    }
  };
}

/** A `start`ed worker, once it says it is listening. */
export interface RunningWorker extends WorkerProcess {
  url: string;
  /** SIGTERM, then the exit; a worker still running `timeoutMs` later is killed and the call fails, saying so */
  stop(timeoutMs?: number): Promise<void>;
}

export async function startWorkerProcess(env: Env): Promise<RunningWorker> {
  const worker = spawnWorker(['start'], env);
  let line: string;
  try {
    line = await worker.waitFor(/^Cairn worker listening on http:\/\/\S+$/);
  } catch (error) {
    worker.child.kill('SIGKILL');
    throw error;
  }
  const url = line.replace(/^Cairn worker listening on /, '').trim();
  return {
    ...worker,
    url,
    async stop(timeoutMs = 30_000) {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
        await worker.exited;
        return;
      }
      worker.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolveLate) => (timer = setTimeout(() => resolveLate('late'), timeoutMs)));
      const outcome = await Promise.race([worker.exited, late]);
      clearTimeout(timer);
      if (outcome === 'late') {
        worker.child.kill('SIGKILL');
        await worker.exited;
        throw new Error(
          `the worker did not exit within ${timeoutMs} ms of SIGTERM; its stderr ends:\n${worker.stderr().slice(-2000)}`
        );
      }
    }
  };
}

/** Runs a command to its end: exit code and all output. */
export async function runWorkerCommand(
  args: string[],
  env: Env
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const worker = spawnWorker(args, env);
  const { code } = await worker.exited;
  return { code, stdout: worker.stdout(), stderr: worker.stderr() };
}

/** A port nothing listens on right now (the worker is told to use it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A temporary folder with a cairn.json holding `config`, and a store folder beside it. */
export interface WorkerFiles {
  dir: string;
  configFile: string;
  storeDir: string;
  dispose(): Promise<void>;
}

export async function workerFiles(config: unknown = {}): Promise<WorkerFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-worker-'));
  const configFile = join(dir, 'cairn.json');
  await writeFile(configFile, typeof config === 'string' ? config : JSON.stringify(config));
  return { dir, configFile, storeDir: join(dir, 'store'), dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** The schedule of a test worker: never during a test (1 January, 00:00 UTC). */
export const NEVER = '0 0 1 1 *';
