import {
  assessSatisfaction,
  DEFAULT_SATISFACTION_CONFIG,
  npsLevel,
  satisfactionAnswers,
  satisfactionConfigSchema,
  windowStart,
  type SatisfactionAnswer
} from './satisfaction.js';
import { review, stage } from './test-support.js';
import type { NpsAnswer } from './types.js';

const TODAY = '2026-06-15';
const config = DEFAULT_SATISFACTION_CONFIG;

function nps(score: number, at = '2026-06-01T10:00:00Z'): NpsAnswer {
  return { userId: 'u-1', at, score };
}

describe('NPS answers: 9–10 Satisfied, 7–8 Neutral, 0–6 Unsatisfied', () => {
  it.each([
    [0, 'Unsatisfied'],
    [6, 'Unsatisfied'],
    [7, 'Neutral'],
    [8, 'Neutral'],
    [9, 'Satisfied'],
    [10, 'Satisfied']
  ])('%d is %s', (score, level) => {
    expect(npsLevel(score, config)).toBe(level);
  });
});

describe('the answers', () => {
  it('come from stages Done by Completed_Date__c, reviews Completed by Scheduled_At__c else Due_Date__c, and NPS', () => {
    const answers = satisfactionAnswers(
      [
        stage({ name: 'Kickoff', status: 'Done', completedDate: '2026-02-01', serviceSatisfaction: 'Unsatisfied' }),
        stage({ name: 'Setup', status: 'Done', completedDate: null, productSatisfaction: 'Satisfied' }), // undated
        stage({ name: 'Training', status: 'In Progress', productSatisfaction: 'Satisfied' }) // not Done
      ],
      [
        review({
          name: 'QBR 1',
          status: 'Completed',
          dueDate: '2026-04-15',
          scheduledAt: '2026-04-20T15:00:00Z',
          productSatisfaction: 'Neutral',
          serviceSatisfaction: 'Satisfied'
        }),
        review({ name: 'QBR 2', status: 'Completed', dueDate: '2026-05-15', productSatisfaction: 'Satisfied' }),
        review({ name: 'QBR 3', status: 'Scheduled', productSatisfaction: 'Satisfied' }) // not Completed
      ],
      [nps(4, '2026-06-01T23:30:00Z')],
      config
    );
    expect(answers).toEqual<SatisfactionAnswer[]>([
      { aspect: 'service', level: 'Unsatisfied', on: '2026-02-01', at: 'Kickoff', nps: null },
      { aspect: 'product', level: 'Neutral', on: '2026-04-20', at: 'QBR 1', nps: null },
      { aspect: 'service', level: 'Satisfied', on: '2026-04-20', at: 'QBR 1', nps: null },
      { aspect: 'product', level: 'Satisfied', on: '2026-05-15', at: 'QBR 2', nps: null },
      { aspect: 'product', level: 'Unsatisfied', on: '2026-06-01', at: null, nps: 4 }
    ]);
  });
});

describe('satisfaction: the mean of the answers in the last 180 days (Satisfied 100, Neutral 50, Unsatisfied 0)', () => {
  const answer = (level: SatisfactionAnswer['level'], on: string, at = 'Kickoff'): SatisfactionAnswer => ({
    aspect: 'service',
    level,
    on,
    at,
    nps: null
  });

  it('is absent with no answer in the window', () => {
    expect(assessSatisfaction([], TODAY, config)).toEqual({
      score: null,
      explanation: 'no satisfaction answer in the last 180 days'
    });
  });

  it('counts the window 2025-12-18 to today: 180 days ago is out, 179 days ago is in', () => {
    expect(windowStart(TODAY, config)).toBe('2025-12-18');
    expect(assessSatisfaction([answer('Satisfied', '2025-12-17')], TODAY, config).score).toBeNull();
    expect(assessSatisfaction([answer('Satisfied', '2025-12-18')], TODAY, config)).toEqual({
      score: 100,
      explanation: '1 of 1 answer satisfied in 180 days'
    });
  });

  it('3 satisfied, 1 neutral, 1 unsatisfied: (300 + 50 + 0) / 5 = 70 (DESIGN §9.4 example)', () => {
    const answers = [
      answer('Satisfied', '2026-03-01', 'Setup'),
      answer('Satisfied', '2026-04-01', 'Training'),
      answer('Satisfied', '2026-05-01', 'QBR 1'),
      answer('Neutral', '2026-05-01', 'QBR 1'),
      answer('Unsatisfied', '2026-02-01', 'Kickoff')
    ];
    expect(assessSatisfaction(answers, TODAY, config)).toEqual({
      score: 70,
      explanation: '3 of 5 answers satisfied in 180 days (service unsatisfied at Kickoff)'
    });
  });

  it('names three unsatisfied answers, newest first, NPS ones by score and day', () => {
    const answers = satisfactionAnswers(
      [stage({ name: 'Kickoff', status: 'Done', completedDate: '2026-02-01', serviceSatisfaction: 'Unsatisfied' })],
      [review({ name: 'QBR 1', status: 'Completed', dueDate: '2026-04-15', productSatisfaction: 'Unsatisfied' })],
      [nps(6, '2026-05-02T08:00:00Z'), nps(0, '2026-06-10T08:00:00Z'), nps(10, '2026-06-11T08:00:00Z')],
      config
    );
    expect(assessSatisfaction(answers, TODAY, config)).toEqual({
      score: 20, // (0 + 0 + 0 + 0 + 100) / 5
      explanation:
        '1 of 5 answers satisfied in 180 days (NPS 0 on 2026-06-10, NPS 6 on 2026-05-02, product unsatisfied at QBR 1 and 1 more)'
    });
  });

  it('takes its window and NPS bands from config', () => {
    const custom = { ...config, windowDays: 30, npsSatisfiedFrom: 8, npsNeutralFrom: 5 };
    expect(npsLevel(8, custom)).toBe('Satisfied');
    expect(npsLevel(5, custom)).toBe('Neutral');
    expect(npsLevel(4, custom)).toBe('Unsatisfied');
    expect(assessSatisfaction([answer('Neutral', '2026-05-17')], TODAY, custom).score).toBe(50); // 29 days ago
    expect(assessSatisfaction([answer('Neutral', '2026-05-16')], TODAY, custom).score).toBeNull(); // 30 days ago
  });
});

describe('the satisfaction section of cairn.json', () => {
  it('defaults to DESIGN §9.2 and §9.4 and refuses bands that overlap or leave 0–10', () => {
    expect(satisfactionConfigSchema.parse({})).toEqual({
      windowDays: 180,
      npsEvent: 'nps_submitted',
      npsSatisfiedFrom: 9,
      npsNeutralFrom: 7
    });
    const refused = (value: unknown) => satisfactionConfigSchema.safeParse(value).error?.issues[0]?.message;
    expect(refused({ npsNeutralFrom: 9 })).toBe('npsNeutralFrom must be below npsSatisfiedFrom');
    expect(refused({ npsSatisfiedFrom: 11 })).toBeDefined();
    expect(refused({ npsEvent: ' ' })).toBe('expected the name of a track event');
    expect(refused({ windowDays: 0 })).toBeDefined();
  });
});
