import { append, chunksOf } from './lists.js';

describe('chunksOf', () => {
  it('slices in order, the last slice holding the rest', () => {
    expect(chunksOf([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(chunksOf([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4]
    ]);
    expect(chunksOf([], 5)).toEqual([]);
  });

  it('refuses a size that would never end or split nothing', () => {
    expect(() => chunksOf([1], 0)).toThrow('a chunk size must be a whole number above 0, got 0');
    expect(() => chunksOf([1], 1.5)).toThrow('got 1.5');
  });
});

describe('append', () => {
  it('groups values under their keys in the order given', () => {
    const lists = new Map<string, number[]>();
    append(lists, 'a', 1);
    append(lists, 'b', 2);
    append(lists, 'a', 3);
    expect([...lists]).toEqual([
      ['a', [1, 3]],
      ['b', [2]]
    ]);
  });
});
