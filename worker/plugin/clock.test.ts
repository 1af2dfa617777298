import { cairnNow } from './clock.js';

const machineClock = () => new Date('2030-01-01T00:00:00Z');

test('CAIRN_NOW fixes now', () => {
  expect(cairnNow({ CAIRN_NOW: '2026-05-01T12:00:00Z' }, machineClock).toISOString()).toBe('2026-05-01T12:00:00.000Z');
  expect(cairnNow({ CAIRN_NOW: '2026-05-01T09:30:00+02:00' }, machineClock).toISOString()).toBe(
    '2026-05-01T07:30:00.000Z'
  );
});

test('without CAIRN_NOW (or blank) it is the clock', () => {
  expect(cairnNow({}, machineClock).toISOString()).toBe('2030-01-01T00:00:00.000Z');
  expect(cairnNow({ CAIRN_NOW: ' ' }, machineClock).toISOString()).toBe('2030-01-01T00:00:00.000Z');
});

test.each(['May 1 2026', 'yesterday', '2026-05-01', '2026-05-01 09:00', '2026-13-45T00:00:00Z'])(
  'refuses CAIRN_NOW=%j with an example',
  (value) => {
    expect(() => cairnNow({ CAIRN_NOW: value }, machineClock)).toThrow(
      `CAIRN_NOW is "${value}", which is not an ISO 8601 time with a zone.`
    );
  }
);
