import { pickDemoRecord, type OpportunityRow } from './demo-record.js';

const list = (totalSize: number) => ({ totalSize });

interface Parts {
  stages?: number;
  /** whether the last stage is still To Do (the others are Done) */
  open?: boolean;
  milestones?: number;
  reviews?: number;
  changes?: number;
  score?: number | null;
}

function opportunity(id: string, parts: Parts): OpportunityRow {
  const stageCount = parts.stages ?? 0;
  const statuses = Array.from({ length: stageCount }, (_, i) =>
    parts.open && i === stageCount - 1 ? 'To Do' : 'Done'
  );
  return {
    Id: id,
    Name: `Deal ${id}`,
    Health_Score__c: parts.score === undefined ? 70 : parts.score,
    Implementation_Stages__r: stageCount
      ? { totalSize: stageCount, records: statuses.map((status) => ({ Status__c: status })) }
      : null,
    Success_Milestones__r: parts.milestones ? list(parts.milestones) : null,
    Business_Reviews__r: parts.reviews ? list(parts.reviews) : null,
    Health_Changes__r: parts.changes ? list(parts.changes) : null
  };
}

describe('pickDemoRecord', () => {
  it('prefers a deal every component has something for, then the longest health history', () => {
    const rows = [
      opportunity('A', { stages: 9, milestones: 9, reviews: 9, changes: 9, score: null }),
      opportunity('B', { stages: 1, milestones: 1, reviews: 1, changes: 2 }),
      opportunity('C', { stages: 5, milestones: 6, reviews: 5, changes: 4 })
    ];
    // A lacks a score; C has more history than B.
    expect(pickDemoRecord(rows)).toEqual({ id: 'C', name: 'Deal C', missing: [] });
  });

  it('prefers a deal with stages still open over a longer history of finished work', () => {
    const rows = [
      opportunity('Done', { stages: 5, milestones: 5, reviews: 5, changes: 8 }),
      opportunity('Open', { stages: 5, open: true, milestones: 5, reviews: 5, changes: 2 })
    ];
    expect(pickDemoRecord(rows)?.id).toBe('Open');
  });

  it('breaks a tie in history by the number of stages, milestones and reviews', () => {
    const rows = [
      opportunity('B', { stages: 1, milestones: 1, reviews: 1, changes: 3 }),
      opportunity('C', { stages: 5, milestones: 6, reviews: 5, changes: 3 })
    ];
    expect(pickDemoRecord(rows)?.id).toBe('C');
  });

  it('says what the best deal lacks when none has everything', () => {
    expect(pickDemoRecord([opportunity('A', { stages: 2, score: null })])).toEqual({
      id: 'A',
      name: 'Deal A',
      missing: ['success milestones', 'business reviews', 'a health score']
    });
  });

  it('has nothing to show in an org without won deals', () => {
    expect(pickDemoRecord([])).toBeNull();
  });
});
