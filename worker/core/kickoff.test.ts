import { kickoffState } from './kickoff.js';
import { stage } from './test-support.js';

const TODAY = '2026-06-15';

describe('kickoffState', () => {
  it('is held when Kickoff_Date__c is set, even with no stages', () => {
    expect(kickoffState({ kickoffDate: '2026-06-01', stages: [] }, TODAY)).toEqual({
      held: true,
      scheduled: false,
      heldDate: '2026-06-01',
      stage: null,
      kickoffDateToWrite: null
    });
  });

  it('keeps a Kickoff_Date__c set by hand over the stage completion date', () => {
    const done = stage({ isKickoff: true, status: 'Done', completedDate: '2026-06-03' });
    expect(kickoffState({ kickoffDate: '2026-06-01', stages: [done] }, TODAY)).toMatchObject({
      held: true,
      heldDate: '2026-06-01',
      kickoffDateToWrite: null
    });
  });

  it('is held when the kickoff stage is Done, and writes its Completed_Date__c', () => {
    const done = stage({ isKickoff: true, status: 'Done', completedDate: '2026-06-03' });
    expect(kickoffState({ kickoffDate: null, stages: [done] }, TODAY)).toEqual({
      held: true,
      scheduled: false,
      heldDate: '2026-06-03',
      stage: done,
      kickoffDateToWrite: '2026-06-03'
    });
  });

  it('writes today when the Done kickoff stage has no completion date', () => {
    const done = stage({ isKickoff: true, status: 'Done' });
    expect(kickoffState({ kickoffDate: null, stages: [done] }, TODAY)).toMatchObject({
      held: true,
      heldDate: TODAY,
      kickoffDateToWrite: TODAY
    });
  });

  it('is scheduled, not held, when the kickoff stage is Scheduled', () => {
    const scheduled = stage({ isKickoff: true, status: 'Scheduled', targetDate: '2026-06-20' });
    expect(kickoffState({ kickoffDate: null, stages: [scheduled] }, TODAY)).toMatchObject({
      held: false,
      scheduled: true,
      heldDate: null,
      stage: scheduled,
      kickoffDateToWrite: null
    });
  });

  it.each(['To Do', 'In Progress', 'On Hold'] as const)(
    'is neither held nor scheduled when the stage is %s',
    (status) => {
      expect(kickoffState({ kickoffDate: null, stages: [stage({ isKickoff: true, status })] }, TODAY)).toMatchObject({
        held: false,
        scheduled: false
      });
    }
  );

  it('ignores other stages: a Done setup stage is no kickoff', () => {
    const stages = [
      stage({ status: 'Done', completedDate: '2026-06-03' }),
      stage({ isKickoff: false, status: 'Scheduled' })
    ];
    expect(kickoffState({ kickoffDate: null, stages }, TODAY)).toMatchObject({
      held: false,
      scheduled: false,
      stage: null
    });
  });

  it('uses the first kickoff stage by sequence when there are several', () => {
    const first = stage({ isKickoff: true, sequence: 1, status: 'Scheduled' });
    const second = stage({ isKickoff: true, sequence: 2, status: 'Done' });
    expect(kickoffState({ kickoffDate: null, stages: [first, second] }, TODAY)).toMatchObject({
      held: false,
      scheduled: true,
      stage: first
    });
  });
});
