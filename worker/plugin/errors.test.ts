import { SfError } from '@salesforce/core';
import { explainError } from './errors.js';

function salesforceError(errorCode: string, message: string): Error {
  // the shape jsforce throws for an API error: name and errorCode are Salesforce's code
  return Object.assign(new Error(message), { name: errorCode, errorCode });
}

const context = { targetOrg: 'local' };

test('an alias with no stored login says how to log in, naming the alias', () => {
  const error = explainError(
    new SfError('No authorization information found for local.', 'NamedOrgNotFoundError'),
    context
  );
  expect(error).toBeInstanceOf(SfError);
  expect(error.message).toBe('No org is authorised as "local".');
  expect((error as SfError).actions).toEqual([
    'Log in with a browser: sf org login web --alias local',
    'Or with an access token (put it in SF_ACCESS_TOKEN first): sf org login access-token --instance-url https://your-domain.my.salesforce.com --alias local --no-prompt',
    'Then run the command again with --target-org local. `sf org list` shows the orgs you have authorised.'
  ]);
});

test('no --target-org and no default org', () => {
  const error = explainError(new SfError('No default environment found.', 'NoDefaultEnvError'), {
    targetOrg: undefined
  });
  expect(error.message).toBe('No org to run against: pass --target-org, or set a default org.');
  expect((error as SfError).actions?.join('\n')).toContain('sf org login web');
});

test('INVALID_FIELD names the missing Object.Field and gives the deploy command', () => {
  const message = [
    'Kickoff_Date__c, Account.Name FROM Opportunity',
    '       ^',
    'ERROR at Row:1:Column:42',
    "No such column 'Kickoff_Date__c' on entity 'Opportunity'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name."
  ].join('\n');
  const error = explainError(salesforceError('INVALID_FIELD', message), context) as SfError;
  expect(error.message).toBe(
    "The org has no field Opportunity.Kickoff_Date__c that the running user can read. Salesforce said: No such column 'Kickoff_Date__c' on entity 'Opportunity'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name."
  );
  expect(error.actions).toEqual([
    "If Cairn's metadata is not deployed yet: sf project deploy start --source-dir force-app --target-org local",
    'If it is deployed, give the running user access: sf org assign permset --name Cairn_Account_Manager --target-org local',
    'See everything that is missing with: sf cairn doctor --target-org local'
  ]);
});

test('INVALID_TYPE names the missing object or relationship', () => {
  const object = explainError(
    salesforceError('INVALID_TYPE', "sObject type 'Business_Review__c' is not supported."),
    context
  );
  expect(object.message).toMatch(/^The org has no object Business_Review__c that the running user can read\./);
  const relationship = explainError(
    salesforceError(
      'INVALID_TYPE',
      "Didn't understand relationship 'Implementation_Stages__r' in FROM part of query call."
    ),
    context
  );
  expect(relationship.message).toMatch(/^The org has no relationship Implementation_Stages__r /);
});

test('REQUEST_LIMIT_EXCEEDED says to wait and where to see usage', () => {
  const error = explainError(
    salesforceError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
    context
  ) as SfError;
  expect(error.message).toBe(
    'The org has used up its daily API requests (REQUEST_LIMIT_EXCEEDED). Salesforce said: TotalRequests Limit exceeded.'
  );
  expect(error.actions?.[1]).toBe(
    'See the usage with: sf org list limits --target-org local (look at DailyApiRequests).'
  );
});

test('an expired session says to log in again', () => {
  const error = explainError(salesforceError('INVALID_SESSION_ID', 'Session expired or invalid'), context) as SfError;
  expect(error.message).toMatch(/did not accept the stored session for "local"/);
  expect(error.actions?.[0]).toBe('Log in again: sf org login web --alias local');
});

test('a refused connection (fetch puts the code on the cause) says the org cannot be reached', () => {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  const error = explainError(new TypeError('fetch failed', { cause }), context);
  expect(error.message).toBe('Cannot reach the org for "local": fetch failed');
});

test('anything else passes through unchanged', () => {
  const original = salesforceError('MALFORMED_QUERY', 'unexpected token');
  expect(explainError(original, context)).toBe(original);
});
