import { decideMilestones, usageEvidence, usageProblem } from './milestones.js';
import { milestone } from './test-support.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const campaign = { usageMetric: 'event:campaign_sent', usageThreshold: 1 };

describe('decideMilestones', () => {
  it('achieves a usage milestone at the timestamp of the event that crossed the threshold', () => {
    const [decision] = decideMilestones(
      [milestone({ ...campaign, targetDate: '2026-07-01' })],
      [{ metric: 'event:campaign_sent', threshold: 1, reachedAt: '2026-03-04T10:12:00.000Z' }],
      NOW
    );
    expect(decision).toEqual({
      status: 'Achieved',
      achievedAt: '2026-03-04T10:12:00Z',
      evidence: 'usage: event:campaign_sent reached 1 at 2026-03-04T10:12:00Z'
    });
  });

  it('only counts the crossing of the same metric and threshold', () => {
    const [decision] = decideMilestones(
      [milestone({ usageMetric: 'event:campaign_sent', usageThreshold: 50, targetDate: '2026-07-01' })],
      [
        { metric: 'event:campaign_sent', threshold: 1, reachedAt: '2026-03-04T10:12:00Z' },
        { metric: 'event:campaign_sent', threshold: 50, reachedAt: null }
      ],
      NOW
    );
    expect(decision?.status).toBe('Planned');
  });

  it('marks a Planned milestone Missed once its target date is before today, not on the day', () => {
    const decisions = decideMilestones(
      [milestone({ ...campaign, targetDate: '2026-06-14' }), milestone({ ...campaign, targetDate: '2026-06-15' })],
      [{ metric: 'event:campaign_sent', threshold: 1, reachedAt: null }],
      NOW
    );
    expect(decisions.map((d) => d.status)).toEqual(['Missed', 'Planned']);
  });

  it('lets a Missed milestone become Achieved later', () => {
    const missed = milestone({ ...campaign, targetDate: '2026-04-01', status: 'Missed' });
    const [decision] = decideMilestones(
      [missed],
      [{ metric: 'event:campaign_sent', threshold: 1, reachedAt: '2026-06-02T08:00:00Z' }],
      NOW
    );
    expect(decision).toMatchObject({ status: 'Achieved', achievedAt: '2026-06-02T08:00:00Z' });
  });

  it('never takes an Achieved milestone back', () => {
    const achieved = milestone({
      ...campaign,
      targetDate: '2026-04-01',
      status: 'Achieved',
      achievedAt: '2026-03-04T10:12:00.000+0000',
      evidence: 'usage: event:campaign_sent reached 1 at 2026-03-04T10:12:00Z'
    });
    const unchanged = { status: achieved.status, achievedAt: achieved.achievedAt, evidence: achieved.evidence };
    expect(decideMilestones([achieved], null, NOW)).toEqual([unchanged]); // no usage any more
    expect(
      decideMilestones([achieved], [{ metric: 'event:campaign_sent', threshold: 1, reachedAt: null }], NOW)
    ).toEqual([unchanged]);
  });

  it('leaves hand-tracked milestones to people, except Planned → Missed', () => {
    const decisions = decideMilestones(
      [
        milestone({ targetDate: '2026-06-01' }),
        milestone({ targetDate: '2026-07-01' }),
        milestone({ targetDate: '2026-05-01', status: 'Missed' }),
        milestone({ status: 'Achieved', achievedAt: '2026-05-05T09:00:00Z', evidence: 'signed off by CFO' })
      ],
      [],
      NOW
    );
    expect(decisions).toEqual([
      { status: 'Missed', achievedAt: null, evidence: null },
      { status: 'Planned', achievedAt: null, evidence: null },
      { status: 'Missed', achievedAt: null, evidence: null },
      { status: 'Achieved', achievedAt: '2026-05-05T09:00:00Z', evidence: 'signed off by CFO' }
    ]);
  });

  it('stamps a milestone ticked Achieved by hand without a date with now and "manual"', () => {
    const [decision] = decideMilestones([milestone({ status: 'Achieved' })], null, NOW);
    expect(decision).toEqual({ status: 'Achieved', achievedAt: '2026-06-15T12:00:00Z', evidence: 'manual' });
  });

  it('applies only the date rule when the opportunity has no usage', () => {
    const decisions = decideMilestones(
      [milestone({ ...campaign, targetDate: '2026-06-01' }), milestone({ ...campaign, targetDate: '2026-07-01' })],
      null,
      NOW
    );
    expect(decisions.map((d) => d.status)).toEqual(['Missed', 'Planned']);
  });
});

describe('usageEvidence', () => {
  it('prints the threshold without trailing zeros', () => {
    expect(usageEvidence('active_users_30d', 10, '2026-03-04T10:12:00Z')).toBe(
      'usage: active_users_30d reached 10 at 2026-03-04T10:12:00Z'
    );
    expect(usageEvidence('seat_utilization', 62.5, '2026-03-04T10:12:00Z')).toBe(
      'usage: seat_utilization reached 62.5 at 2026-03-04T10:12:00Z'
    );
    expect(usageEvidence('event:x', 10.1, '2026-03-04T10:12:00Z')).toBe(
      'usage: event:x reached 10.1 at 2026-03-04T10:12:00Z'
    );
  });

  it('fits Evidence__c (Text 255)', () => {
    const evidence = usageEvidence(`event:${'e'.repeat(300)}`, 1, '2026-03-04T10:12:00Z');
    expect(evidence).toHaveLength(255);
    expect(evidence.endsWith('…')).toBe(true);
  });
});

describe('usageProblem', () => {
  it('accepts a usage milestone and one tracked by hand', () => {
    expect(usageProblem(milestone(campaign))).toBeNull();
    expect(usageProblem(milestone())).toBeNull();
  });

  it('says what is wrong with a metric or threshold typed by hand', () => {
    expect(usageProblem(milestone({ usageMetric: 'reports', usageThreshold: 1 }))).toBe(
      'Usage_Metric__c "reports" is not a metric key: "event:<event name>" (e.g. "event:report_created") or one of active_users_30d, active_days_30d, seat_utilization'
    );
    expect(usageProblem(milestone({ usageMetric: 'event:campaign_sent' }))).toBe(
      'Usage_Threshold__c is blank: set it, or clear Usage_Metric__c to track the milestone by hand'
    );
    expect(usageProblem(milestone({ usageMetric: 'event:campaign_sent', usageThreshold: 0 }))).toBe(
      'Usage_Threshold__c must be above 0, not 0'
    );
  });

  it('keeps a milestone with a problem to the date rule, whatever the crossings say', () => {
    const broken = milestone({ usageMetric: 'event:campaign_sent', usageThreshold: 0, targetDate: '2026-06-01' });
    const [decision] = decideMilestones(
      [broken],
      [{ metric: 'event:campaign_sent', threshold: 0, reachedAt: '2026-03-04T10:12:00Z' }],
      NOW
    );
    expect(decision?.status).toBe('Missed');
  });
});
