// End to end: `cairn plan apply` through the real sf CLI's login and the local org, as a child
// process (scripts/cairn.js). Few invocations, each costing seconds: apply, apply again, a
// dry run as a table, and the three refusals people meet. Needs the compiled plugin in lib/.
import fs from 'node:fs';
import { startLocalOrg, type LocalOrg } from '../local-org/index.js';
import {
  assertBuilt,
  cairn,
  cliEnvironment,
  expectJsonSuccess,
  loginWithAccessToken,
  parseEnvelope,
  type CliResult
} from './cli.js';
import { NOW } from './scenario.js';

const SLOW = 120_000;

interface Applied {
  opportunityId: string;
  opportunityName: string;
  playbook: { key: string; name: string };
  dryRun: boolean;
  stages: Listed[];
  milestones: Listed[];
  reviews: Listed[];
}
interface Listed {
  key: string;
  name: string;
  dueDate: string | null;
  status: string;
  id: string | null;
}

let org: LocalOrg;
let env: NodeJS.ProcessEnv;
let id: string;

beforeAll(async () => {
  assertBuilt();
  org = await startLocalOrg({ port: 0, seed: 'none', now: NOW, quiet: true });
  const [accountId] = org.insert('Account', [{ Name: 'Umbrella Corp' }]);
  [id] = org.insert('Opportunity', [
    {
      Name: 'Umbrella Launch',
      AccountId: accountId,
      StageName: 'Closed Won',
      CloseDate: '2026-04-20',
      Implementation_Type__c: 'Single Call',
      Contract_End_Date__c: '2027-04-19'
    }
  ]) as [string];
  env = cliEnvironment(NOW);
  await loginWithAccessToken(env, org.url, org.accessToken, 'local');
}, SLOW);

afterAll(async () => {
  await org?.close();
  if (env?.HOME) fs.rmSync(env.HOME, { recursive: true, force: true });
});

/** Runs `plan apply` with these flags against the local org, with the org's call counts before and after. */
async function planApply(args: string[]): Promise<{ run: CliResult; writes: number; calls: number }> {
  const before = org.stats().apiCalls;
  const run = await cairn(['plan', 'apply', ...args, '--target-org', 'local'], env);
  const after = org.stats().apiCalls;
  return { run, writes: after.writes - before.writes, calls: after.total - before.total };
}

function applied(run: CliResult): Applied {
  return expectJsonSuccess<Applied>(run, 'cairn-plan-apply');
}

const rows = (records: Listed[]) => records.map((r) => [r.key.replace(`${id}:`, ''), r.dueDate, r.status]);

// Won 2026-04-20 with Implementation_Type__c Single Call: config/playbooks/single-call.json.
// Targets are CloseDate + dueDays: +7 04-27; +14 05-04; +30 05-20; +45 06-04 (11 days to
// 05-31, 4 more); +90 07-19 (30 to 05-20, 31 to 06-20, 29 more); +120 08-18.
// Contract ends 2027-04-19: QBR n (close + 3n months) while before end − 80 days = 2027-01-29
// (04-19 → 03-19 is 31 days, → 02-19 28 more, then 21): 07-20, 10-20, 2027-01-20; QBR 4
// (2027-04-20) is not. Renewal Review: end − 42 days = 2027-03-08 (31 days to 03-19, 11 more).
const SINGLE_CALL = {
  stages: [['kickoff-training', '2026-04-27']],
  milestones: [
    ['first-report', '2026-05-04'],
    ['team-invited', '2026-05-20'],
    ['dashboard-shared', '2026-06-04'],
    ['seats-in-use', '2026-07-19'],
    ['review-asked', '2026-08-18']
  ],
  reviews: [
    ['QBR:1', '2026-07-20'],
    ['QBR:2', '2026-10-20'],
    ['QBR:3', '2027-01-20'],
    ['Renewal:1', '2027-03-08']
  ]
};
const withStatus = (list: string[][], status: string) => list.map(([key, due]) => [key, due, status]);

test(
  'a won deal with no plan gets every record of its playbook, created in one upsert per object',
  async () => {
    const { run, writes } = await planApply(['--opportunity', id, '--json']);
    const result = applied(run);
    expect(result).toMatchObject({
      opportunityId: id,
      opportunityName: 'Umbrella Launch',
      playbook: { key: 'single-call', name: 'Single call' },
      dryRun: false
    });
    expect(rows(result.stages)).toEqual(withStatus(SINGLE_CALL.stages, 'created'));
    expect(rows(result.milestones)).toEqual(withStatus(SINGLE_CALL.milestones, 'created'));
    expect(rows(result.reviews)).toEqual(withStatus(SINGLE_CALL.reviews, 'created'));
    expect(result.stages[0]?.name).toBe('Kickoff and training call');
    expect([...result.stages, ...result.milestones, ...result.reviews].every((r) => r.id !== null)).toBe(true);
    expect(writes).toBe(3); // Implementation_Stage__c, Success_Milestone__c, Business_Review__c
  },
  SLOW
);

test(
  'applied again (-i, the short flag): everything present, with the same ids, and no write call',
  async () => {
    const { run, writes } = await planApply(['-i', id, '--json']);
    const result = applied(run);
    expect(rows(result.stages)).toEqual(withStatus(SINGLE_CALL.stages, 'present'));
    expect(rows(result.milestones)).toEqual(withStatus(SINGLE_CALL.milestones, 'present'));
    expect(rows(result.reviews)).toEqual(withStatus(SINGLE_CALL.reviews, 'present'));
    expect(writes).toBe(0);
  },
  SLOW
);

test(
  'without --json (a dry run): a title and a table with these columns',
  async () => {
    const { run, writes } = await planApply(['-i', id, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `Playbook "Single call" (single-call) on "Umbrella Launch" (${id}) (dry run, nothing written): 0 to create, 10 already present`
    );
    const header = run.stdout.split('\n').find((line) => line.includes('Type') && line.includes('Status')) ?? '';
    const columns = ['Type', 'Key', 'Name', 'Due', 'Status'];
    expect(columns.map((column) => header.indexOf(column))).toEqual(
      columns.map((column) => header.indexOf(column)).sort((a, b) => a - b)
    );
    expect(columns.filter((column) => !header.includes(column))).toEqual([]);
    const kickoff = run.stdout.split('\n').find((line) => line.includes('kickoff-training')) ?? '';
    expect(kickoff).toMatch(/Stage .*kickoff-training .*Kickoff and training call .*2026-04-27 .*present/);
    expect(writes).toBe(0);
  },
  SLOW
);

describe('refusals', () => {
  test(
    'an unknown --playbook: exit 2, the keys there are, before any call',
    async () => {
      const { run, calls } = await planApply(['-i', id, '--playbook', 'enterprise', '--json']);
      const envelope = parseEnvelope(run);
      expect(run.code).toBe(2);
      expect(envelope).toMatchObject({
        status: 2,
        name: 'UnknownPlaybookError',
        message: 'no playbook has key "enterprise"; known keys: default, multi-phase, single-call, upsell'
      });
      expect(envelope.actions?.[0]).toContain('leave out --playbook');
      expect(calls).toBe(0);
    },
    SLOW
  );

  test(
    'an Id no opportunity has: exit 1, says so and how to find the Id',
    async () => {
      const missing = '006Lc00000000ZZAAA';
      const { run, writes } = await planApply(['-i', missing, '--json']);
      const envelope = parseEnvelope(run);
      expect(run.code).toBe(1);
      expect(envelope).toMatchObject({
        status: 1,
        name: 'OpportunityNotFoundError',
        message: `The org has no Opportunity with Id ${missing}.`
      });
      expect(envelope.actions?.[1]).toContain('sf data query --query "SELECT Id, Name FROM Opportunity');
      expect(writes).toBe(0);
    },
    SLOW
  );

  test(
    'a hostile Id (quotes) is a usage error before any call',
    async () => {
      const hostile = "006Lc0000000001' OR Name != '";
      const { run, calls } = await planApply(['--opportunity', hostile, '--json']);
      const envelope = parseEnvelope(run);
      expect(run.code).toBe(2);
      expect(envelope.message).toContain(
        `"006Lc0000000001' OR Name != '" is not an Opportunity Id: give the 15- or 18-character Id`
      );
      expect(calls).toBe(0);
    },
    SLOW
  );
});
