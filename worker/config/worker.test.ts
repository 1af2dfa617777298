import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './load.js';
import { DEFAULT_CORE_CONFIG } from '../core/config.js';
import { coreConfigOf, loadWorkerConfig } from './worker.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-settings-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(content: unknown): string {
  const path = join(dir, `cairn-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

function problems(path: string): string[] {
  try {
    loadWorkerConfig({ file: path, env: {} });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('the worker sections of cairn.json', () => {
  it('default to DESIGN §4 and the repository playbooks, also for the committed file', () => {
    for (const config of [
      loadWorkerConfig({ file: file({}), env: {} }),
      loadWorkerConfig({ file: 'config/cairn.json', env: {} })
    ]) {
      expect(coreConfigOf(config)).toEqual(DEFAULT_CORE_CONFIG);
      expect(config.playbooksDir).toBe('config/playbooks');
    }
  });

  it('take any number given, keeping the defaults of the others', () => {
    const config = loadWorkerConfig({
      file: file({
        health: { weights: { seat_utilization: 50 } },
        status: { renewalDueWithinDays: 60 },
        playbooksDir: 'ops/playbooks'
      }),
      env: {}
    });
    expect(config.health.weights).toEqual({ ...DEFAULT_CORE_CONFIG.health.weights, seat_utilization: 50 });
    expect(config.health.grades).toEqual(DEFAULT_CORE_CONFIG.health.grades);
    expect(config.status.renewalDueWithinDays).toBe(60);
    expect(config.reviews).toEqual(DEFAULT_CORE_CONFIG.reviews);
    expect(config.playbooksDir).toBe('ops/playbooks');
  });

  it('name the key and the problem when a value is wrong', () => {
    const path = file({ health: { weights: { seats: 30 }, grades: { A: 50, B: 70 } }, playbooksDir: '' });
    expect(problems(path)).toEqual(
      expect.arrayContaining([
        `${path}: health.weights: unknown key "seats"; check the spelling`,
        expect.stringContaining(`${path}: health.grades: expected grade cut-offs must fall strictly`),
        expect.stringContaining(`${path}: playbooksDir: expected a folder path`)
      ])
    );
    expect(problems(file({ reviews: { qbrIntervalMonths: 0 } }))[0]).toContain('reviews.qbrIntervalMonths');
  });
});
