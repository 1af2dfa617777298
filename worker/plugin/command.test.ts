import { targetOrgArgument } from './command.js';

test.each([
  [['--target-org', 'local', '--json'], 'local'],
  [['-o', 'prod'], 'prod'],
  [['--target-org=dev'], 'dev'],
  [['-o=x'], 'x'],
  [['--json'], undefined]
])('finds the org in %j', (argv, org) => {
  expect(targetOrgArgument(argv)).toBe(org);
});
