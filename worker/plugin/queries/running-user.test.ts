import { whereShape } from '../../../test/plugin/soql-shape.js';
import { runningUserQuery } from './running-user.js';

test('looks the user up by username, quoted', () => {
  expect(runningUserQuery("o'neil@example.com")).toBe(
    "SELECT Id, Name FROM User WHERE Username = 'o\\'neil@example.com' LIMIT 1"
  );
  const where = whereShape(runningUserQuery("x' OR Username != '"));
  expect(where.conditions).toMatchObject([{ field: 'Username', operator: '=' }]);
  expect(where.operators).toEqual([]);
});
