import { backoffDelay } from './backoff.js';

const policy = { baseDelayMs: 500, maxDelayMs: 3000 };

test('the ceiling doubles per retry and the wait lies in its upper half', () => {
  // retry 1: ceiling 500 → wait in [250, 500]; retry 2: 1000 → [500, 1000]; retry 3: 2000 → [1000, 2000]
  expect(backoffDelay(1, policy, () => 0)).toBe(250);
  expect(backoffDelay(1, policy, () => 1)).toBe(500);
  expect(backoffDelay(2, policy, () => 0)).toBe(500);
  expect(backoffDelay(3, policy, () => 0.5)).toBe(1500); // 1000 + 0.5 × 1000
});

test('the ceiling stops at maxDelayMs', () => {
  // retry 4 would be 4000 and retry 10 256000; both are capped at 3000 → wait in [1500, 3000]
  expect(backoffDelay(4, policy, () => 1)).toBe(3000);
  expect(backoffDelay(10, policy, () => 0)).toBe(1500);
});
