import { pickDemoRecord } from './demo-record.js';

const list = (totalSize: number) => ({ totalSize });

function opportunity(
  id: string,
  parts: { stages?: number; milestones?: number; reviews?: number; changes?: number; score?: number | null }
) {
  return {
    Id: id,
    Name: `Deal ${id}`,
    Health_Score__c: parts.score === undefined ? 70 : parts.score,
    Implementation_Stages__r: parts.stages ? list(parts.stages) : null,
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
