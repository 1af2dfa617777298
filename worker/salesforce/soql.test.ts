import { whereShape } from '../../test/plugin/soql-shape.js';
import { soqlDate, soqlLike, soqlString, soqlStringList } from './soql.js';

// Reads a SOQL string literal back the way Salesforce does (escape sequences of the SOQL
// reference), so the tests prove a round trip rather than compare with another escaper.
function readLiteral(literal: string): string {
  expect(literal.startsWith("'") && literal.endsWith("'")).toBe(true);
  const body = literal.slice(1, -1);
  const decoded: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === "'") throw new Error(`unescaped quote at ${i} in ${literal}`);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[++i];
    if (next === undefined) throw new Error(`dangling backslash in ${literal}`);
    out += decoded[next] ?? next;
  }
  return out;
}

const HOSTILE = [
  "O'Brien",
  "x' OR Name != '",
  'back\\slash',
  'trailing\\',
  "\\' OR Id != null OR Name = '\\",
  'say "hi"',
  'tab\there\nnew line\r\u0008\u000c',
  '100% off_sale',
  ''
];

describe('soqlString', () => {
  test.each(HOSTILE)('round-trips %j', (value) => {
    expect(readLiteral(soqlString(value))).toBe(value);
  });

  test('escapes each special character with a backslash', () => {
    // ' → \'   " → \"   \ → \\   newline → \n
    expect(soqlString(`a'b"c\\d\ne`)).toBe(`'a\\'b\\"c\\\\d\\ne'`);
  });

  test('leaves LIKE wildcards alone (they mean nothing outside LIKE)', () => {
    expect(soqlString('50%_')).toBe("'50%_'");
  });

  test.each(HOSTILE)('a hostile value stays one condition in a real SOQL parse: %j', (value) => {
    const where = whereShape(`SELECT Id FROM Account WHERE Name = ${soqlString(value)} AND IsDeleted = false`);
    expect(where.conditions).toMatchObject([
      { field: 'Name', operator: '=', literalType: 'STRING' },
      { field: 'IsDeleted', operator: '=' }
    ]);
    expect(where.operators).toEqual(['AND']);
  });
});

describe('soqlLike', () => {
  test('escapes % and _ so they match themselves', () => {
    // % → \%   _ → \_   and the quote as for any string
    expect(soqlLike("50%_off's")).toBe("'50\\%\\_off\\'s'");
    expect(readLiteral(soqlLike('50%_off'))).toBe('50%_off');
  });

  test('adds only the wildcards asked for', () => {
    expect(soqlLike('ac_me', 'contains')).toBe("'%ac\\_me%'");
    expect(soqlLike('acme', 'startsWith')).toBe("'acme%'");
    expect(soqlLike('acme', 'endsWith')).toBe("'%acme'");
    expect(soqlLike('acme')).toBe("'acme'");
  });

  test('a hostile value stays one LIKE condition in a real SOQL parse', () => {
    const where = whereShape(`SELECT Id FROM Account WHERE Name LIKE ${soqlLike("%' OR Name LIKE '%\\", 'contains')}`);
    expect(where.conditions).toMatchObject([{ field: 'Name', operator: 'LIKE', literalType: 'STRING' }]);
    expect(where.operators).toEqual([]);
  });
});

describe('soqlDate', () => {
  test('passes calendar dates through unquoted', () => {
    expect(soqlDate('2026-03-04')).toBe('2026-03-04');
  });

  test('takes a Date as its UTC day', () => {
    expect(soqlDate(new Date('2026-03-04T23:30:00-05:00'))).toBe('2026-03-05');
  });

  test.each(["2026-03-04' OR Id != null", '2026-02-30', '04/03/2026', ''])('refuses %j', (value) => {
    expect(() => soqlDate(value)).toThrow(/is not a calendar date/);
  });
});

describe('soqlStringList', () => {
  test('quotes and escapes each value', () => {
    expect(soqlStringList(['A', "B'"])).toBe("('A', 'B\\'')");
  });

  test('refuses an empty list (SOQL has no empty IN)', () => {
    expect(() => soqlStringList([])).toThrow(/at least one value/);
  });
});
