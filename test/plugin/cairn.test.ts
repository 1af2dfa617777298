// End to end: the real sf CLI logs in to the local org (sf org login access-token), then each
// `cairn` command runs as a child process (scripts/cairn.js, and once through
// `sf plugins link .`) and its --json result is compared with hand-worked answers.
// Needs the compiled plugin in lib/ (`npm test` builds first).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../worker/store/store.js';
import { startLocalOrg, type LocalOrg } from '../local-org/index.js';
import {
  assertBuilt,
  cairn,
  cliEnvironment,
  expectJsonSuccess,
  loginWithAccessToken,
  parseEnvelope,
  sf,
  type CliResult,
  type JsonEnvelope
} from './cli.js';
import { schemaProblems, type CairnResultSchema } from './result-schemas.js';
import { NOW, seedScenario, type ScenarioIds } from './scenario.js';

const SLOW = 120_000;

interface SyncRun {
  status: string;
  dryRun: boolean;
  writes: Record<string, { created: number; updated: number }>;
  plannedWrites?: { object: string; before: unknown }[];
}

let org: LocalOrg;
let ids: ScenarioIds;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  assertBuilt();
  org = await startLocalOrg({ port: 0, seed: 'none', now: NOW, quiet: true });
  ids = seedScenario(org);
  env = cliEnvironment(NOW);
  await loginWithAccessToken(env, org.url, org.accessToken, 'local');
}, SLOW);

afterAll(async () => {
  await org?.close();
  if (env?.HOME) fs.rmSync(env.HOME, { recursive: true, force: true });
});

/** Runs a command with --json against a local org, checks exit 0 and the frozen schema, returns the result. */
async function jsonResult<T>(
  schema: CairnResultSchema,
  args: string[],
  environment = env,
  alias = 'local'
): Promise<T> {
  const run = await cairn([...args, '--target-org', alias, '--json'], environment);
  return expectJsonSuccess<T>(run, schema);
}

/** A command that should fail: its exit code and JSON error envelope. */
async function jsonError(args: string[], environment = env): Promise<{ run: CliResult; error: JsonEnvelope }> {
  const run = await cairn([...args, '--json'], environment);
  return { run, error: parseEnvelope(run) };
}

describe('kickoff missing', () => {
  test(
    '--days 14 (default): won in 2026-04-17…2026-05-01 with no kickoff held, oldest close first, then by name',
    async () => {
      const rows = await jsonResult('cairn-kickoff-missing', ['kickoff', 'missing']);
      expect(rows).toEqual([
        {
          id: ids.opp.globexPlatform,
          name: 'Globex Platform',
          accountName: 'Globex',
          closeDate: '2026-04-17',
          daysSinceClose: 14, // 2026-04-17 → 2026-05-01
          amount: 48000,
          csOwner: 'Cairn Admin',
          kickoffScheduled: true,
          kickoffTargetDate: '2026-05-04'
        },
        {
          id: ids.opp.ohareRenewal,
          name: "O'Hare Renewal", // same close date as Globex Platform; "G" < "O"
          accountName: "O'Hare & Sons \\ Co",
          closeDate: '2026-04-17',
          daysSinceClose: 14,
          amount: null,
          csOwner: null,
          kickoffScheduled: false,
          kickoffTargetDate: null
        },
        {
          id: ids.opp.acmeExpansion,
          name: 'Acme Expansion', // its Done stage is not the kickoff
          accountName: 'Acme Corp',
          closeDate: '2026-04-20',
          daysSinceClose: 11, // 2026-04-20 → 2026-05-01
          amount: 12000,
          csOwner: 'Casey Jones',
          kickoffScheduled: false,
          kickoffTargetDate: null
        }
      ]);
    },
    SLOW
  );

  test(
    '--days 30 reaches back to 2026-04-01 and adds the deal closed 15 days ago',
    async () => {
      const rows = await jsonResult<{ id: string; daysSinceClose: number }[]>('cairn-kickoff-missing', [
        'kickoff',
        'missing',
        '--days',
        '30'
      ]);
      expect(rows.map((r) => [r.id, r.daysSinceClose])).toEqual([
        [ids.opp.acmeOldDeal, 15], // 2026-04-16 → 2026-05-01
        [ids.opp.globexPlatform, 14],
        [ids.opp.ohareRenewal, 14],
        [ids.opp.acmeExpansion, 11]
      ]);
    },
    SLOW
  );

  test(
    'without --json: a table with a title and these column headers',
    async () => {
      const run = await cairn(['kickoff', 'missing', '--target-org', 'local'], env);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        '3 won deal(s) closed in the last 14 days with no kickoff held (today is 2026-05-01)'
      );
      const header = run.stdout.split('\n').find((line) => line.includes('Close Date')) ?? '';
      const columns = [
        'Close Date',
        'Days',
        'Opportunity',
        'Account',
        'Amount',
        'CS Owner',
        'Kickoff Scheduled',
        'Kickoff Target',
        'Id'
      ];
      expect(columns.filter((column) => !header.includes(column))).toEqual([]);
      expect(header.indexOf('Close Date')).toBeLessThan(header.indexOf('Opportunity'));
      expect(run.stdout).toContain('Globex Platform');
      expect(run.stdout.indexOf('Globex Platform')).toBeLessThan(run.stdout.indexOf('Acme Expansion'));
    },
    SLOW
  );
});

describe('qbr due', () => {
  test(
    '--within 60 (default): To Schedule and due by 2026-06-30, overdue included, earliest first',
    async () => {
      const rows = await jsonResult('cairn-qbr-due', ['qbr', 'due']);
      expect(rows).toEqual([
        {
          id: ids.review.acmeQbr1,
          opportunityId: ids.opp.acmePlatform,
          opportunityName: 'Acme Platform',
          name: 'QBR 1',
          reviewType: 'QBR',
          dueDate: '2026-04-25',
          daysUntilDue: -6 // overdue by 6 days
        },
        {
          id: ids.review.globexRenewal,
          opportunityId: ids.opp.globexAnalytics,
          opportunityName: 'Globex Analytics',
          name: 'Renewal Review',
          reviewType: 'Renewal Review',
          dueDate: '2026-05-10',
          daysUntilDue: 9
        },
        {
          id: ids.review.initechQbr1,
          opportunityId: ids.opp.initechPlatform,
          opportunityName: 'Initech Platform', // same due date; "Globex…" < "Initech…"
          name: 'QBR 1',
          reviewType: 'QBR',
          dueDate: '2026-05-10',
          daysUntilDue: 9
        },
        {
          id: ids.review.acmeQbr2,
          opportunityId: ids.opp.acmePlatform,
          opportunityName: 'Acme Platform',
          name: 'QBR 2',
          reviewType: 'QBR',
          dueDate: '2026-06-30',
          daysUntilDue: 60 // 30 days to 2026-05-31, 30 more to 2026-06-30
        }
      ]);
    },
    SLOW
  );

  test(
    '--within 7 keeps only the overdue review (next due is 2026-05-10, 9 days out)',
    async () => {
      const rows = await jsonResult<{ id: string }[]>('cairn-qbr-due', ['qbr', 'due', '--within', '7']);
      expect(rows.map((r) => r.id)).toEqual([ids.review.acmeQbr1]);
    },
    SLOW
  );
});

describe('health list', () => {
  test(
    'won deals with a post-sale status, lowest score first, unscored last',
    async () => {
      const rows = await jsonResult('cairn-health-list', ['health', 'list']);
      expect(rows).toEqual([
        {
          id: ids.opp.acmePlatform,
          name: 'Acme Platform',
          accountName: 'Acme Corp',
          csOwner: 'Cairn Admin',
          score: 48,
          grade: 'D',
          trend: -12,
          status: 'At Risk',
          topDriver: '-20.0 milestones: 0 of 2 due milestones achieved',
          nextGrade: 'C at 55: achieve 1 more due milestone'
        },
        {
          id: ids.opp.initechPlatform,
          name: 'Initech Platform', // 48 too; "Acme…" < "Initech…"
          accountName: 'Initech',
          csOwner: 'Casey Jones',
          score: 48,
          grade: 'D',
          trend: null,
          status: 'Implementing',
          topDriver: null,
          nextGrade: null
        },
        {
          id: ids.opp.globexAnalytics,
          name: 'Globex Analytics',
          accountName: 'Globex',
          csOwner: 'Casey Jones',
          score: 72,
          grade: 'B',
          trend: 3,
          status: 'Onboarded',
          topDriver: '-6.0 seat_utilization: 40% of seats active (target 60%)',
          nextGrade: null
        },
        {
          id: ids.opp.soylentPlatform,
          name: 'Soylent Platform',
          accountName: 'Soylent',
          csOwner: 'Cairn Admin',
          score: 91,
          grade: 'A',
          trend: 0,
          status: 'Onboarded',
          topDriver: '-1.5 recency: 4 days since last activity',
          nextGrade: null
        },
        {
          id: ids.opp.hooliPlatform,
          name: 'Hooli Platform',
          accountName: 'Hooli',
          csOwner: 'Cairn Admin',
          score: null,
          grade: null,
          trend: null,
          status: 'Awaiting Kickoff',
          topDriver: null,
          nextGrade: null
        }
      ]);
    },
    SLOW
  );

  test.each([
    [
      ['--grade', 'd,f'],
      ['acmePlatform', 'initechPlatform']
    ],
    [['--mine'], ['acmePlatform', 'soylentPlatform', 'hooliPlatform']], // CS owner = the admin the token runs as
    [['--grade', 'C,D,F', '--mine'], ['acmePlatform']]
  ])(
    'filters %j',
    async (flags, expected) => {
      const rows = await jsonResult<{ id: string }[]>('cairn-health-list', ['health', 'list', ...flags]);
      expect(rows.map((r) => r.id)).toEqual(expected.map((key) => ids.opp[key]));
    },
    SLOW
  );
});

describe('people quiet', () => {
  test(
    'key people of post-sale deals not touched in 45 days: Left first, then never touched, then the longest silence',
    async () => {
      const rows = await jsonResult('cairn-people-quiet', ['people', 'quiet']);
      expect(rows).toEqual([
        {
          contactId: ids.contact.quinn,
          name: 'Quinn Ray',
          role: 'Decision Maker',
          accountName: 'Acme Corp',
          opportunityId: ids.opp.acmePlatform,
          opportunityName: 'Acme Platform',
          lastTouch: null,
          daysSinceTouch: null,
          left: true
        },
        {
          contactId: ids.contact.sam,
          name: 'Sam Oh',
          role: 'Decision Maker',
          accountName: 'Globex',
          opportunityId: ids.opp.globexAnalytics,
          opportunityName: 'Globex Analytics',
          lastTouch: null,
          daysSinceTouch: null,
          left: false
        },
        {
          contactId: ids.contact.pat,
          name: 'Pat Lee',
          role: 'Executive Sponsor',
          accountName: 'Acme Corp',
          opportunityId: ids.opp.acmePlatform,
          opportunityName: 'Acme Platform',
          lastTouch: '2026-03-02', // the completed call: Salesforce's LastActivityDate
          daysSinceTouch: 60,
          left: false
        }
      ]);
    },
    SLOW
  );

  test.each([
    [
      ['--days', '61'],
      ['quinn', 'sam']
    ],
    [['--mine'], ['quinn', 'pat']]
  ])(
    'filters %j',
    async (flags, expected) => {
      const rows = await jsonResult<{ contactId: string }[]>('cairn-people-quiet', ['people', 'quiet', ...flags]);
      expect(rows.map((r) => r.contactId)).toEqual(expected.map((key) => ids.contact[key]));
    },
    SLOW
  );
});

describe('doctor', () => {
  // the worker's store, with two track events of a user who never got a group call, received 10 days ago
  let doctorEnv: NodeJS.ProcessEnv;
  beforeAll(async () => {
    const location = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-store-')), 'store');
    const store = await openStore(location);
    const tenDaysAgo = new Date(Date.parse(NOW) - 10 * 86_400_000);
    await store.insertEvents(
      ['m1', 'm2'].map((messageId) => ({
        accountId: null,
        userId: 'late-user',
        name: 'report_created',
        timestamp: tenDaysAgo.toISOString(),
        messageId,
        properties: null
      })),
      tenDaysAgo
    );
    await store.close();
    doctorEnv = { ...env, CAIRN_STORE: location };
  }, SLOW);
  afterAll(() => {
    if (doctorEnv?.CAIRN_STORE) fs.rmSync(path.dirname(doctorEnv.CAIRN_STORE), { recursive: true, force: true });
  });

  test(
    'the local org has every object and field; permission sets are unknown there (no PermissionSet object); the store has events waiting',
    async () => {
      const result = await jsonResult<{ ok: boolean; checks: { name: string; status: string; message: string }[] }>(
        'cairn-doctor',
        ['doctor'],
        doctorEnv
      );
      expect(result.ok).toBe(true);
      const objects = [
        'Account',
        'Case',
        'OpportunityContactRole',
        'Opportunity',
        'Implementation_Stage__c',
        'Success_Milestone__c',
        'Business_Review__c',
        'Health_Change__c',
        'Contact',
        'Task'
      ];
      expect(result.checks.map((c) => [c.name, c.status])).toEqual([
        ['connection', 'pass'],
        ...objects.map((o) => [`deployed: ${o}`, 'pass']),
        ...objects.map((o) => [`access: ${o}`, 'pass']),
        ['Case.Product_Feature__c values', 'pass'],
        ['permission sets deployed', 'warn'],
        ['permission sets assigned', 'warn'],
        ['API budget', 'pass'],
        ['events waiting for an account', 'warn']
      ]);
      expect(result.checks.at(-1)?.message).toMatch(
        /^2 events have waited more than 7 days for an account, from user late-user \(2\): /
      );
      expect(result.checks[0]?.message).toMatch(/^admin@cairn\.local at http:\/\/127\.0\.0\.1:\d+ \(API v\d+\.0\)$/);
      expect(result.checks.find((c) => c.name === 'permission sets assigned')?.message).toMatch(
        /^unknown: the org cannot answer a PermissionSetAssignment query \(INVALID_TYPE: sObject type 'PermissionSetAssignment' is not supported/
      );
    },
    SLOW
  );

  test(
    'without --json: one line per check with its mark',
    async () => {
      const run = await cairn(['doctor', '--target-org', 'local'], doctorEnv);
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^✓ connection: admin@cairn\.local at /);
      expect(lines).toContain('✓ deployed: Business_Review__c: 12 of 12 Cairn fields present');
      expect(lines.filter((line) => line.startsWith('! permission sets'))).toHaveLength(2);
      expect(lines.at(-1)).toBe('The org is ready for Cairn.');
    },
    SLOW
  );
});

describe('errors people meet', () => {
  test(
    'an alias nobody logged in to: how to log in',
    async () => {
      const { run, error } = await jsonError(['kickoff', 'missing', '--target-org', 'nope']);
      expect(run.code).toBe(1);
      expect(error).toMatchObject({ status: 1, name: 'NoOrgError', message: 'No org is authorised as "nope".' });
      expect(error.actions?.[0]).toBe('Log in with a browser: sf org login web --alias nope');
      expect(error.actions?.[1]).toContain('sf org login access-token --instance-url');
    },
    SLOW
  );

  test.each([
    [['health', 'list', '--grade', 'C,E'], /"E" is not a health grade\. Use A, B, C, D, F/],
    [['health', 'list', '--grade', "D' OR Name != '"], /is not a health grade/],
    [['kickoff', 'missing', '--days', '3651'], /Expected an integer less than or equal to 3650/],
    [['qbr', 'due', '--within', 'soon'], /Expected an integer but received: soon/]
  ])(
    'bad flag values are refused before any call: %j',
    async (args, message) => {
      const before = org.stats().apiCalls.total;
      const { run, error } = await jsonError([...args, '--target-org', 'local']);
      expect(run.code).toBe(2);
      expect(error.message).toMatch(message);
      expect(org.stats().apiCalls.total).toBe(before);
    },
    SLOW
  );

  test(
    'the daily API limit reached: says so and where to look',
    async () => {
      org.setFaults({ dailyLimit: 1 }); // every further call is over the limit
      try {
        const { run, error } = await jsonError(['qbr', 'due', '--target-org', 'local']);
        expect(run.code).toBe(1);
        expect(error.name).toBe('ApiLimitError');
        expect(error.message).toMatch(/^The org has used up its daily API requests \(REQUEST_LIMIT_EXCEEDED\)\./);
        expect(error.actions).toContain(
          'See the usage with: sf org list limits --target-org local (look at DailyApiRequests).'
        );
      } finally {
        org.setFaults({});
      }
    },
    SLOW
  );
});

describe('an org without all of Cairn deployed', () => {
  let bare: LocalOrg;
  let forceApp: string;
  // its own HOME: sf keys logins by username, and both local orgs run as admin@cairn.local
  let bareEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // force-app without Opportunity.Kickoff_Date__c and without Business_Review__c
    forceApp = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-force-app-'));
    fs.cpSync(path.resolve('force-app/main/default/objects'), path.join(forceApp, 'objects'), { recursive: true });
    fs.rmSync(path.join(forceApp, 'objects/Opportunity/fields/Kickoff_Date__c.field-meta.xml'));
    fs.rmSync(path.join(forceApp, 'objects/Business_Review__c'), { recursive: true });
    bare = await startLocalOrg({ port: 0, seed: 'none', now: NOW, quiet: true, forceAppDir: forceApp });
    bareEnv = cliEnvironment(NOW);
    await loginWithAccessToken(bareEnv, bare.url, bare.accessToken, 'bare');
  }, SLOW);

  afterAll(async () => {
    await bare?.close();
    fs.rmSync(forceApp, { recursive: true, force: true });
    if (bareEnv?.HOME) fs.rmSync(bareEnv.HOME, { recursive: true, force: true });
  });

  test(
    'a missing field is named, with the deploy command',
    async () => {
      const { run, error } = await jsonError(['kickoff', 'missing', '--target-org', 'bare'], bareEnv);
      expect(run.code).toBe(1);
      expect(error.name).toBe('FieldMissingError');
      expect(error.message).toMatch(
        /^The org has no field Opportunity\.Kickoff_Date__c that the running user can read\./
      );
      expect(error.actions).toContain(
        "If Cairn's metadata is not deployed yet: sf project deploy start --source-dir force-app --target-org bare"
      );
    },
    SLOW
  );

  test(
    'a missing object is named',
    async () => {
      const { run, error } = await jsonError(['qbr', 'due', '--target-org', 'bare'], bareEnv);
      expect(run.code).toBe(1);
      expect(error.name).toBe('ObjectMissingError');
      expect(error.message).toMatch(/^The org has no object Business_Review__c that the running user can read\./);
    },
    SLOW
  );

  test(
    'the doctor fails, names what is missing and exits 1 (status 1 in the JSON envelope)',
    async () => {
      const run = await cairn(['doctor', '--target-org', 'bare', '--json'], bareEnv);
      const envelope = parseEnvelope<{
        ok: boolean;
        checks: { name: string; status: string; message: string; fix?: string }[];
      }>(run);
      expect(run.code).toBe(1);
      expect(envelope.status).toBe(1);
      expect(schemaProblems('cairn-doctor', envelope.result)).toEqual([]);
      const failed = envelope.result?.checks.filter((c) => c.status === 'fail');
      expect(failed?.map((c) => [c.name, c.message])).toEqual([
        ['deployed: Opportunity', '1 of 25 Cairn fields missing or hidden from the running user: Kickoff_Date__c'],
        [
          'deployed: Business_Review__c',
          'the object Business_Review__c is not in the org, or the running user cannot see it'
        ]
      ]);
      expect(failed?.[0]?.fix).toContain('sf project deploy start --source-dir force-app --target-org bare');
      expect(envelope.result?.ok).toBe(false);
    },
    SLOW
  );
});

describe('sync', () => {
  // Its own org, sf HOME and store: the run writes, and the other tests' answers must not move.
  let syncOrg: LocalOrg;
  let syncEnv: NodeJS.ProcessEnv;
  let umbrellaId: string;

  beforeAll(async () => {
    syncOrg = await startLocalOrg({ port: 0, seed: 'none', now: NOW, quiet: true });
    const [accountId] = syncOrg.insert('Account', [{ Name: 'Umbrella Corp' }]);
    // won 2026-04-28, no Implementation_Type__c or Type: the default playbook (config/playbooks/default.json)
    [umbrellaId] = syncOrg.insert('Opportunity', [
      { Name: 'Umbrella Launch', AccountId: accountId, StageName: 'Closed Won', CloseDate: '2026-04-28', Amount: 30000 }
    ]) as [string];
    syncEnv = {
      ...cliEnvironment(NOW),
      CAIRN_STORE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-store-')), 'store')
    };
    await loginWithAccessToken(syncEnv, syncOrg.url, syncOrg.accessToken, 'sync');
  }, SLOW);

  afterAll(async () => {
    await syncOrg?.close();
    for (const dir of [syncEnv?.HOME, syncEnv?.CAIRN_STORE && path.dirname(syncEnv.CAIRN_STORE)]) {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  function syncJson(args: string[]): Promise<SyncRun> {
    return jsonResult<SyncRun>('cairn-sync', ['sync', ...args], syncEnv, 'sync');
  }

  const NOTHING = { created: 0, updated: 0 };

  test(
    '--dry-run plans the default playbook and the status, and writes nothing',
    async () => {
      const result = await syncJson(['--dry-run']);
      expect(result).toMatchObject({ status: 'succeeded', dryRun: true, opportunitiesInScope: 1, failedRows: [] });
      expect(Object.values(result.writes).every((w) => w.created === 0 && w.updated === 0)).toBe(true);
      const planned: Record<string, string[]> = {};
      for (const write of result.plannedWrites ?? []) {
        (planned[write.object] ??= []).push(write.before === null ? 'create' : 'update');
      }
      expect(planned).toEqual({
        Implementation_Stage__c: ['create', 'create'], // kickoff call, onboarding
        Success_Milestone__c: ['create', 'create'], // first report, team active
        Business_Review__c: ['create', 'create', 'create', 'create'], // QBR 1-4: no contract end, so the next four
        Opportunity: ['update'] // Post_Sale_Status__c
      });
      // nothing reached the org: still no kickoff stage, so no target date
      const kickoff = await jsonResult<{ kickoffTargetDate: string | null }[]>(
        'cairn-kickoff-missing',
        ['kickoff', 'missing'],
        syncEnv,
        'sync'
      );
      expect(kickoff.map((r) => r.kickoffTargetDate)).toEqual([null]);
    },
    SLOW
  );

  test(
    'a run writes them, and the other commands see the result',
    async () => {
      const result = await syncJson([]);
      expect(result).toMatchObject({ status: 'succeeded', dryRun: false, opportunitiesInScope: 1, failedRows: [] });
      expect(result.writes).toEqual({
        Implementation_Stage__c: { created: 2, updated: 0 },
        Success_Milestone__c: { created: 2, updated: 0 },
        Business_Review__c: { created: 4, updated: 0 },
        Opportunity: { created: 0, updated: 1 },
        Contact: NOTHING,
        Health_Change__c: NOTHING,
        Task: NOTHING
      });

      expect(await jsonResult('cairn-kickoff-missing', ['kickoff', 'missing'], syncEnv, 'sync')).toEqual([
        {
          id: umbrellaId,
          name: 'Umbrella Launch',
          accountName: 'Umbrella Corp',
          closeDate: '2026-04-28',
          daysSinceClose: 3,
          amount: 30000,
          csOwner: null,
          kickoffScheduled: false, // the playbook's stages start To Do
          kickoffTargetDate: '2026-05-05' // close + the kickoff stage's 7 dueDays
        }
      ]);
      // no measure is present yet (no usage, nothing due), so health stays blank; kickoff not held → Awaiting Kickoff
      expect(await jsonResult('cairn-health-list', ['health', 'list'], syncEnv, 'sync')).toEqual([
        {
          id: umbrellaId,
          name: 'Umbrella Launch',
          accountName: 'Umbrella Corp',
          csOwner: null,
          score: null,
          grade: null,
          trend: null,
          status: 'Awaiting Kickoff',
          topDriver: null,
          nextGrade: null
        }
      ]);
      // QBR 1 is due close + 3 months = 2026-07-28: 30 days to 05-31, 60 to 06-30, 88 to 07-28
      const reviews = await jsonResult<{ name: string; dueDate: string; daysUntilDue: number }[]>(
        'cairn-qbr-due',
        ['qbr', 'due', '--within', '90'],
        syncEnv,
        'sync'
      );
      expect(reviews.map((r) => [r.name, r.dueDate, r.daysUntilDue])).toEqual([['QBR 1', '2026-07-28', 88]]);
    },
    SLOW
  );
});

describe('installed in the real sf CLI with `sf plugins link .`', () => {
  test(
    '`sf cairn qbr due` answers the same as the runner script',
    async () => {
      const link = await sf(['plugins', 'link', '.', '--no-install'], env);
      expect(link.code).toBe(0);
      const viaSf = parseEnvelope(await sf(['cairn', 'qbr', 'due', '--target-org', 'local', '--json'], env));
      const viaScript = parseEnvelope(await cairn(['qbr', 'due', '--target-org', 'local', '--json'], env));
      expect(viaSf).toMatchObject({ status: 0, result: viaScript.result });
      expect(viaScript.result).toHaveLength(4);
    },
    SLOW
  );
});
