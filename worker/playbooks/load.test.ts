import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PlaybookError, selectPlaybook } from '../core/playbooks.js';
import { loadPlaybooks } from './load.js';

describe('loadPlaybooks', () => {
  it('loads the shipped playbooks, each valid and the set consistent', async () => {
    const playbooks = await loadPlaybooks('config/playbooks');
    expect(playbooks.map((p) => p.key)).toEqual(['default', 'multi-phase', 'single-call', 'upsell']);

    const multi = selectPlaybook({ implementationType: 'Multi-Phase Project', type: 'New Customer' }, playbooks);
    expect(multi.stages.map((s) => s.key)).toEqual([
      'kickoff',
      'technical-setup',
      'integration',
      'training',
      'go-live'
    ]);
    expect(multi.milestones.filter((m) => m.firstValue)).toHaveLength(1);
    expect(multi.milestones.filter((m) => m.expansionSignal)).toHaveLength(1);
    expect(multi.milestones.filter((m) => m.advocacyAsk)).toHaveLength(1);
    expect(new Set(multi.milestones.map((m) => m.kind))).toEqual(new Set(['Product', 'Customer']));

    // the customer's own journey: where they want to be 3, 6 and 12 months after the close
    expect(multi.milestones.filter((m) => m.horizonMonths !== undefined).map((m) => [m.kind, m.horizonMonths])).toEqual(
      [
        ['Customer', 3],
        ['Customer', 6],
        ['Customer', 12]
      ]
    );

    const single = selectPlaybook({ implementationType: 'Single Call', type: 'New Customer' }, playbooks);
    expect(single.stages).toEqual([
      { key: 'kickoff-training', name: 'Kickoff and training call', dueDays: 7, isKickoff: true }
    ]);
    expect(single.milestones.find((m) => m.firstValue)).toMatchObject({
      usageMetric: 'event:report_created',
      dueDays: 14
    });

    const upgrade = selectPlaybook(
      { implementationType: 'Single Call', type: 'Existing Customer - Upgrade' },
      playbooks
    );
    expect(upgrade).toMatchObject({
      key: 'upsell',
      stages: [],
      milestones: [],
      reviews: { quarterly: false, renewalReview: false }
    });
  });

  describe('with broken files', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'cairn-playbooks-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    const write = (name: string, body: unknown) =>
      writeFile(path.join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
    const base = {
      name: 'X',
      description: 'X.',
      stages: [],
      milestones: [],
      reviews: { quarterly: true, renewalReview: false }
    };

    it('reports every problem of every file at once, each naming its file', async () => {
      await write('a.json', { ...base, key: 'a', default: true });
      await write('b.json', '{ "key": "b", ');
      await write('c.json', {
        ...base,
        key: 'c',
        implementationType: 'Single Call',
        stages: [{ key: 'k', name: 'K' }]
      });
      await write('notes.txt', 'ignored');
      const error = await loadPlaybooks(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlaybookError);
      const { problems } = error as PlaybookError;
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(new RegExp(`^${path.join(dir, 'b.json')}: not valid JSON \\(`));
      expect(problems[1]).toBe(
        `${path.join(dir, 'c.json')}: stages[0] (key "k").dueDays: Invalid input: expected number, received undefined`
      );
      expect((error as Error).message).toContain('Invalid playbooks:\n  - ');
    });

    it('refuses a journey horizon other than 3, 6, 12 or 24 months, on a Product milestone, or beside dueDays', async () => {
      const journey = { key: 'j', name: 'J', kind: 'Customer' };
      await write('a.json', {
        ...base,
        key: 'a',
        default: true,
        milestones: [
          { ...journey, key: 'nine', horizonMonths: 9 },
          { ...journey, key: 'product', kind: 'Product', horizonMonths: 6 },
          { ...journey, key: 'both', horizonMonths: 12, dueDays: 30 },
          { ...journey, key: 'neither' }
        ]
      });
      const error = (await loadPlaybooks(dir).catch((e: unknown) => e)) as PlaybookError;
      const file = path.join(dir, 'a.json');
      const both =
        "set exactly one of dueDays (target CloseDate + days) and horizonMonths (target CloseDate + months, for the customer's journey)";
      expect(error.problems).toEqual([
        `${file}: milestones[0] (key "nine").horizonMonths: must be one of 3, 6, 12, 24`,
        `${file}: milestones[1] (key "product").horizonMonths: horizonMonths marks the customer's own journey: only a milestone of kind "Customer" may carry it`,
        `${file}: milestones[2] (key "both").dueDays: ${both}`,
        `${file}: milestones[3] (key "neither").dueDays: ${both}`
      ]);
    });

    it('checks the set once every file is valid', async () => {
      await write('a.json', { ...base, key: 'a', implementationType: 'Single Call' });
      await expect(loadPlaybooks(dir)).rejects.toThrow('exactly one playbook must have "default": true, but none is');
    });

    it('says so when the folder has no playbooks or does not exist', async () => {
      await expect(loadPlaybooks(dir)).rejects.toThrow(`${dir}: no *.json playbooks`);
      await expect(loadPlaybooks(path.join(dir, 'missing'))).rejects.toThrow('cannot read the playbook folder');
    });
  });
});
