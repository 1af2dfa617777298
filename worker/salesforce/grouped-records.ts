// Records read from Salesforce grouped under the record they hang off — an account's cases
// and contacts, an opportunity's Cairn Tasks — each mapped by its object's declaration
// (objects/), with those left out for a value the rules cannot use.

import { append } from '../core/lists.js';
import { InvalidValue, RecordReader, type SfRecord } from './objects/record-reader.js';
import { workerFieldPages } from './query-pages.js';
import type { SalesforceSession } from './session.js';

export interface GroupedRecords<T> {
  /** by the parent's Id (18 characters); a parent without any has no entry */
  byParent: Map<string, T[]>;
  /** records left out because a value could not be read, with why */
  problems: { parentId: string; message: string }[];
}

export interface RecordDeclaration<T> {
  name: string;
  fromSalesforce: (record: RecordReader<never>) => T;
}

/** How to group one object's records: its declaration, its field naming the parent, and what it is read for. */
export interface Grouping<T> {
  declaration: RecordDeclaration<T>;
  parentField: string;
  /** e.g. "the support measure", for the message of a record left out */
  readFor: string;
}

export function noRecords<T>(): GroupedRecords<T> {
  return { byParent: new Map(), problems: [] };
}

/** Maps each of `records` into `into` under its parent, or notes why it was left out. */
export function groupInto<T>(into: GroupedRecords<T>, grouping: Grouping<T>, records: Iterable<SfRecord>): void {
  const { declaration, parentField, readFor } = grouping;
  for (const record of records) {
    const parentId = String(record[parentField] ?? '');
    try {
      append(into.byParent, parentId, declaration.fromSalesforce(new RecordReader(record)));
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      into.problems.push({
        parentId,
        message: `${declaration.name} ${String(record.Id ?? '?')} left out of ${readFor}: ${error.message}`
      });
    }
  }
}

/** Every record `query` selects, every page of them, grouped. */
export async function readGrouped<T>(
  session: SalesforceSession,
  grouping: Grouping<T>,
  query: string
): Promise<GroupedRecords<T>> {
  const read = noRecords<T>();
  for await (const page of workerFieldPages(session, query)) groupInto(read, grouping, page);
  return read;
}
