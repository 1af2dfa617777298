import { CSV_NULL, csvCell, csvLine, parseCsv } from './csv.js';

test('cells: null and empty text clear the field, an absent value leaves it, text is quoted when it must be', () => {
  expect(csvCell(null)).toBe(CSV_NULL);
  expect(csvCell('')).toBe('#N/A');
  expect(csvCell(undefined)).toBe('');
  expect(csvCell(true)).toBe('true');
  expect(csvCell(false)).toBe('false');
  expect(csvCell('2026-03-04')).toBe('2026-03-04');
  expect(csvCell('a, b')).toBe('"a, b"');
  expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
  expect(csvCell(' padded')).toBe('" padded"');
});

test('numbers are written in plain decimal notation', () => {
  expect(csvCell(42)).toBe('42');
  expect(csvCell(-3.25)).toBe('-3.25');
  expect(csvCell(1e-7)).toBe('0.0000001');
  expect(csvCell(12345678901234)).toBe('12345678901234');
});

test('what csvLine writes, parseCsv reads back', () => {
  const text =
    csvLine(['Id', 'Drivers__c', 'Score__c']) +
    csvLine(['a1', csvCell('-14.0 seat_utilization: "22%"\n-3.0 recency'), csvCell(71)]);
  expect(parseCsv(text)).toEqual([
    { Id: 'a1', Drivers__c: '-14.0 seat_utilization: "22%"\n-3.0 recency', Score__c: '71' }
  ]);
  expect(parseCsv('')).toEqual([]);
});

test('parseCsv keeps only the columns asked for', () => {
  const text =
    csvLine(['sf__Id', 'sf__Created', 'Stage_Key__c', 'Name']) + csvLine(['a01', 'true', 'k1', csvCell('A, "B"')]);
  expect(parseCsv(text, new Set(['sf__Id', 'Stage_Key__c']))).toEqual([{ sf__Id: 'a01', Stage_Key__c: 'k1' }]);
});
