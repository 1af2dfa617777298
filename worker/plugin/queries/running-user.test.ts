import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { runningUserQuery } from './running-user.js';

test('looks the user up by username, quoted', () => {
  expect(runningUserQuery("o'neil@example.com")).toBe("SELECT Id, Name FROM User WHERE Username = 'o\\'neil@example.com' LIMIT 1");
  const where = parseQuery(runningUserQuery("x' OR Username != '")).where;
  expect(where?.left).toMatchObject({ field: 'Username', operator: '=' });
  expect(where?.right).toBeUndefined();
});
