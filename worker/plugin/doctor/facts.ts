// Gathers what `sf cairn doctor` judges (checks.ts) from the org: a describe per Cairn object,
// two permission-set queries and the limits resource. A question the org cannot answer
// (an object it does not support querying) becomes "unknown" rather than a failure.
import type { Connection } from '@salesforce/core';
import type { WorkerObject } from '../../salesforce/fields.js';
import { FeaturesError } from '../../core/features.js';
import { featuresFile, loadFeatures } from '../../features/load.js';
import { salesforceSays } from '../errors.js';
import { queryRecords, runningUserId } from '../org.js';
import type { DoctorFacts, FieldFacts, Unknown } from './checks.js';
import { CAIRN_OBJECTS } from './expected.js';
import { permissionSetAssignmentsQuery, permissionSetsQuery } from './queries.js';

/** Salesforce's answers for "no such object" (describe) and "cannot query that" (SOQL). */
const NOT_IN_ORG = new Set(['NOT_FOUND', 'INVALID_TYPE']);
const CANNOT_ANSWER = new Set(['INVALID_TYPE', 'INVALID_FIELD', 'MALFORMED_QUERY']);

function errorCode(error: unknown): string | undefined {
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === 'string' ? code : undefined;
}

async function describeFields(connection: Connection, object: WorkerObject): Promise<FieldFacts[] | null> {
  try {
    const described = await connection.describe(object);
    return described.fields.map((field) => ({
      name: field.name,
      createable: field.createable,
      updateable: field.updateable,
      masterDetail: field.type === 'reference' && (field.relationshipOrder ?? null) !== null,
      picklistValues: (field.picklistValues ?? []).filter((value) => value.active).map((value) => value.value)
    }));
  } catch (error) {
    if (NOT_IN_ORG.has(errorCode(error) ?? '')) return null;
    throw error;
  }
}

async function orUnknown<T>(question: string, ask: () => Promise<T>): Promise<T | Unknown> {
  try {
    return await ask();
  } catch (error) {
    const code = errorCode(error);
    if (code && CANNOT_ANSWER.has(code)) {
      return { unknown: `the org cannot answer ${question} (${code}: ${salesforceSays(error as Error)})` };
    }
    throw error;
  }
}

/** The feature names of the features file (CAIRN_FEATURES, else config/features.json), or why they cannot be read. */
export async function gatherFeatureNames(file: string = featuresFile()): Promise<string[] | Unknown> {
  try {
    return (await loadFeatures(file)).map((feature) => feature.name);
  } catch (error) {
    if (error instanceof FeaturesError) return { unknown: error.problems.join('; ') };
    throw error;
  }
}

export async function gatherDoctorFacts(
  connection: Connection
): Promise<Omit<DoctorFacts, 'waitingEvents' | 'featureNames'>> {
  const described = await Promise.all(CAIRN_OBJECTS.map((object) => describeFields(connection, object)));
  const objects = Object.fromEntries(
    CAIRN_OBJECTS.map((object, i) => [object, described[i] ?? null])
  ) as DoctorFacts['objects'];

  const permissionSetsDeployed = await orUnknown('a PermissionSet query', async () =>
    (await queryRecords<{ Name: string }>(connection, permissionSetsQuery())).map((r) => r.Name)
  );
  const userId = await runningUserId(connection);
  const permissionSetsAssigned = await orUnknown('a PermissionSetAssignment query', async () =>
    (
      await queryRecords<{ PermissionSet: { Name: string } | null }>(connection, permissionSetAssignmentsQuery(userId))
    ).flatMap((r) => (r.PermissionSet ? [r.PermissionSet.Name] : []))
  );

  const limits = await connection.limits();
  const daily = limits.DailyApiRequests;
  return {
    instanceUrl: connection.instanceUrl.replace(/\/+$/, ''),
    username: connection.getUsername() ?? '(unknown user)',
    apiVersion: connection.getApiVersion(),
    objects,
    permissionSetsDeployed,
    permissionSetsAssigned,
    dailyApiRequests: daily
      ? { max: daily.Max, remaining: daily.Remaining }
      : { unknown: 'the limits resource has no DailyApiRequests' }
  };
}
