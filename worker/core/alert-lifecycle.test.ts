import {
  occurrenceKey,
  parseAlertKey,
  planAlerts,
  type AlertLifecycleInput,
  type AlertMemory
} from './alert-lifecycle.js';
import { DEFAULT_ALERTS_CONFIG, type AlertCondition } from './alerts.js';
import { OPP_ID } from './test-support.js';
import type { AlertTask } from './types.js';

const TODAY = '2026-06-15';
const KEY = `${OPP_ID}:health-at-risk`;

const condition: AlertCondition = {
  key: KEY,
  rule: 'health-at-risk',
  target: null,
  subject: 'Cairn: health is D (41) — Acme',
  description: 'Health 41, grade D.',
  priority: 'High',
  dueDate: '2026-06-17',
  whoId: null
};

function task(key: string, overrides: Partial<AlertTask> = {}): AlertTask {
  return {
    id: `00T${key.length}${key.slice(-3)}`,
    key,
    opportunityId: OPP_ID,
    status: 'Not Started',
    isClosed: false,
    description: 'Health 41, grade D.',
    ...overrides
  };
}

function plan(overrides: Partial<AlertLifecycleInput> = {}) {
  return planAlerts({
    opportunityId: OPP_ID,
    ownerId: '005CSOWNER',
    holding: [],
    tasks: [],
    memory: new Map(),
    whyCleared: () => 'health is C (56) now',
    today: TODAY,
    config: DEFAULT_ALERTS_CONFIG,
    ...overrides
  });
}

const remembered = (occurrence: number, cleared: boolean) =>
  new Map<string, AlertMemory>([[KEY, { occurrence, cleared }]]);

describe('alert keys and occurrences (DESIGN §9.5)', () => {
  it('the first occurrence is the key itself, later ones end in :2, :3', () => {
    expect(occurrenceKey(KEY, 1)).toBe(KEY);
    expect(occurrenceKey(KEY, 3)).toBe(`${KEY}:3`);
  });

  it('parses a key with its target and occurrence, also a target that is all digits', () => {
    expect(parseAlertKey(`${OPP_ID}:key-person-quiet:003ABC:2`)).toEqual({
      key: `${OPP_ID}:key-person-quiet:003ABC`,
      opportunityId: OPP_ID,
      rule: 'key-person-quiet',
      target: '003ABC',
      occurrence: 2
    });
    expect(parseAlertKey(`${OPP_ID}:feature-not-adopted:2024`)?.occurrence).toBe(1);
    expect(parseAlertKey(`${OPP_ID}:feature-not-adopted:2024:3`)?.target).toBe('2024');
  });

  it('refuses keys Cairn does not write: unknown rule, missing target, occurrence 1 or 0, extra parts', () => {
    for (const text of [
      `${OPP_ID}:kickoff-late`,
      `${OPP_ID}:key-person-quiet`,
      `${KEY}:1`,
      `${KEY}:0`,
      `${KEY}:2:9`,
      'typed by hand'
    ]) {
      expect(parseAlertKey(text)).toBeNull();
    }
  });
});

describe('planning the Tasks of one opportunity', () => {
  it('a condition that holds for the first time creates the first occurrence, owned by the CS owner', () => {
    expect(plan({ holding: [condition] })).toEqual({
      create: [
        {
          alert: parseAlertKey(KEY),
          key: KEY,
          opportunityId: OPP_ID,
          ownerId: '005CSOWNER',
          whoId: null,
          subject: condition.subject,
          description: condition.description,
          dueDate: '2026-06-17',
          priority: 'High',
          status: 'Not Started'
        }
      ],
      close: [],
      cleared: []
    });
  });

  it('an unchanged condition with its Task open writes nothing, also when only the org or only the store knows the Task', () => {
    const nothing = { create: [], close: [], cleared: [] };
    expect(plan({ holding: [condition], tasks: [task(KEY)], memory: remembered(1, false) })).toEqual(nothing);
    // created, then the worker stopped before the store recorded it: the org's Task is enough
    expect(plan({ holding: [condition], tasks: [task(KEY)] })).toEqual(nothing);
    // acknowledged, and no longer among the Tasks read (closed long ago, or deleted): the store is enough
    expect(plan({ holding: [condition], memory: remembered(1, false) })).toEqual(nothing);
  });

  it('a condition that clears closes the open Task with the closing line, remembered as cleared', () => {
    const open = task(KEY);
    const { close, create } = plan({ tasks: [open], memory: remembered(1, false) });
    expect(create).toEqual([]);
    expect(close).toEqual([
      {
        task: open,
        alert: parseAlertKey(KEY),
        status: 'Completed',
        description: 'Health 41, grade D.\n\nClosed by Cairn on 2026-06-15: health is C (56) now'
      }
    ]);
  });

  it('a Task closed by a person stays closed while its condition holds', () => {
    const closedByHand = task(KEY, { isClosed: true, status: 'Completed' });
    expect(plan({ holding: [condition], tasks: [closedByHand], memory: remembered(1, false) }).create).toEqual([]);
  });

  it('once that condition clears, the clearing is remembered without a write; when it holds again, :2 is created', () => {
    const closedByHand = task(KEY, { isClosed: true, status: 'Completed' });
    const cleared = plan({ tasks: [closedByHand], memory: remembered(1, false) });
    expect(cleared).toEqual({ create: [], close: [], cleared: [parseAlertKey(KEY)] });
    expect(
      plan({ holding: [condition], tasks: [closedByHand], memory: remembered(1, true) }).create.map((c) => c.key)
    ).toEqual([`${KEY}:2`]);
  });

  it('a Task the worker closed marks the clearing even when the store missed it, so the next firing is :n+1', () => {
    const closedByCairn = task(`${KEY}:2`, {
      isClosed: true,
      status: 'Completed',
      description: 'Health 38, grade D.\n\nClosed by Cairn on 2026-06-10: health is C (57) now'
    });
    const again = plan({ holding: [condition], tasks: [closedByCairn], memory: remembered(1, true) });
    expect(again.create.map((c) => [c.key, c.alert.occurrence])).toEqual([[`${KEY}:3`, 3]]);
  });

  it("the org's newer occurrence wins over the store's older memory", () => {
    // the store remembers :1 cleared; :2 was created and the worker stopped before recording it
    const open2 = task(`${KEY}:2`);
    expect(plan({ holding: [condition], tasks: [open2], memory: remembered(1, true) }).create).toEqual([]);
    expect(plan({ tasks: [open2], memory: remembered(1, true) }).close.map((c) => c.task.key)).toEqual([`${KEY}:2`]);
  });

  it('leaves alone what people close (expansion, advocacy) and rules turned off', () => {
    const expansion = `${OPP_ID}:expansion-signal:a01EXP`;
    const off = { ...DEFAULT_ALERTS_CONFIG, rules: { ...DEFAULT_ALERTS_CONFIG.rules, 'health-at-risk': false } };
    expect(plan({ tasks: [task(expansion)] })).toEqual({ create: [], close: [], cleared: [] });
    expect(plan({ tasks: [task(KEY)], config: off })).toEqual({ create: [], close: [], cleared: [] });
  });

  it('ignores Tasks of other opportunities and keys it cannot read', () => {
    const other = task(`006OTHER000000000A:health-at-risk`, { opportunityId: OPP_ID });
    const edited = task('edited by hand');
    expect(plan({ holding: [condition], tasks: [other, edited] }).create.map((c) => c.key)).toEqual([KEY]);
  });
});
