import { ApiAccounting, callKind, countsSince, parseLimitInfo } from './accounting.js';
import { BudgetExhaustedError } from './errors.js';
import { isRetrySafe } from './transport.js';

const base = 'https://acme.my.salesforce.com/services/data/v62.0';

test('calls are classified by the resource they reach', () => {
  expect(callKind(`${base}/query?q=SELECT+Id+FROM+Account`)).toBe('query');
  expect(callKind('/services/data/v62.0/query/01gxx0000000001-2000')).toBe('query');
  expect(callKind(`${base}/queryAll?q=x`)).toBe('query');
  expect(callKind(`${base}/composite/sobjects`)).toBe('collections');
  expect(callKind(`${base}/composite/sobjects/Implementation_Stage__c/Stage_Key__c`)).toBe('collections');
  expect(callKind(`${base}/jobs/ingest/750xx/batches`)).toBe('bulk2');
  expect(callKind(`${base}/sobjects`)).toBe('describe');
  expect(callKind(`${base}/sobjects/Opportunity/describe`)).toBe('describe');
  expect(callKind(`${base}/sobjects/Opportunity/006xx000000001AAA`)).toBe('sobject');
  expect(callKind(`${base}/limits`)).toBe('limits');
  expect(callKind(`${base}/ui-api/records/006xx`)).toBe('other');
  expect(callKind('https://acme.my.salesforce.com/services/oauth2/userinfo')).toBe('other');
});

test('Sforce-Limit-Info gives the api usage; other limit headers are ignored', () => {
  expect(parseLimitInfo('api-usage=25/15000')).toEqual({ used: 25, max: 15000 });
  expect(parseLimitInfo('api-usage=7/5000, per-app-api-usage=2/250(appName=cairn)')).toEqual({ used: 7, max: 5000 });
  expect(parseLimitInfo('per-app-api-usage=2/250(appName=cairn)')).toBeNull();
  expect(parseLimitInfo(undefined)).toBeNull();
});

test('the budget is a share of what the org had left before the run, and the call past it is refused', () => {
  const accounting = new ApiAccounting();
  accounting.beforeCall('limits');
  // the org reports 1,201 of 5,000 used, including this run's 1 call: 3,800 were left before
  // the run; 10% of 3,800 = 380 calls for the whole run
  const budget = accounting.startBudget(10, { used: 1201, max: 5000 }, 1);
  expect(budget).toEqual({ percent: 10, remainingAtStart: 3800, maxCalls: 380 });
  for (let call = 2; call <= 380; call++) accounting.beforeCall('query');
  expect(() => accounting.beforeCall('collections')).toThrow(BudgetExhaustedError);
  expect(() => accounting.beforeCall('collections')).toThrow(
    /made 380 of the 380 Salesforce API calls it may use \(10% of the 3800 calls.*raise apiBudgetPercent in config\/cairn\.json/
  );
  const { calls } = accounting.snapshot();
  expect(calls.total).toBe(380);
  expect(calls.byKind).toEqual({ query: 379, sobject: 0, collections: 0, bulk2: 0, describe: 0, limits: 1, other: 0 });
});

test('budget shares are rounded down and must be a real percentage', () => {
  const accounting = new ApiAccounting();
  // 15% of 99 = 14.85 → 14
  expect(accounting.startBudget(15, { used: 0, max: 99 }, 0).maxCalls).toBe(14);
  expect(() => accounting.startBudget(0, { used: 0, max: 99 }, 0)).toThrow(/more than 0 and at most 100, got 0/);
  expect(() => accounting.startBudget(101, { used: 0, max: 99 }, 0)).toThrow(/got 101/);
});

test('counts between two snapshots', () => {
  const accounting = new ApiAccounting();
  accounting.beforeCall('query');
  const before = accounting.snapshot().calls;
  accounting.beforeCall('collections');
  accounting.beforeCall('collections');
  const delta = countsSince(before, accounting.snapshot().calls);
  expect(delta.total).toBe(2);
  expect(delta.byKind.collections).toBe(2);
  expect(delta.byKind.query).toBe(0);
});

test('creates are never sent twice; updates, upserts, reads and bulk job creation may be', () => {
  expect(isRetrySafe({ method: 'POST', url: `${base}/composite/sobjects` })).toBe(false);
  expect(isRetrySafe({ method: 'POST', url: `${base}/sobjects/Account` })).toBe(false);
  expect(isRetrySafe({ method: 'POST', url: `${base}/jobs/ingest` })).toBe(true);
  expect(isRetrySafe({ method: 'PATCH', url: `${base}/composite/sobjects/Health_Change__c/Change_Key__c` })).toBe(true);
  expect(isRetrySafe({ method: 'PUT', url: `${base}/jobs/ingest/750xx/batches` })).toBe(true);
  expect(isRetrySafe({ method: 'GET', url: `${base}/query?q=x` })).toBe(true);
});
