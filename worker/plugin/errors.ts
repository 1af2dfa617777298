// Turns the errors people meet when running a `cairn` command into ones that say how to fix
// them: no org authorised, Cairn metadata missing (or unreadable), the daily API limit, an
// expired session, an org that cannot be reached. Anything else passes through unchanged.
import type { SfError } from '@salesforce/core';
import { pluginMessages } from './messages.js';

const messages = pluginMessages('cairn.errors');

/** What a command knows when it fails: the --target-org it was given, if any. */
export interface ErrorContext {
  targetOrg: string | undefined;
}

/** Salesforce's errorCode, else a Node network code (fetch puts it on the cause), else the error's name. */
function codeOf(error: Error): string {
  const { errorCode, code, cause } = error as Error & { errorCode?: unknown; code?: unknown; cause?: unknown };
  if (typeof errorCode === 'string') return errorCode;
  if (typeof code === 'string') return code;
  if (cause instanceof Error) {
    const causeCode = (cause as Error & { code?: unknown }).code;
    if (typeof causeCode === 'string') return causeCode;
  }
  return error.name;
}

/** The line of Salesforce's message that says what is wrong, without the echoed query and caret it sometimes carries. */
export function salesforceSays(error: Error): string {
  const lines = error.message.split('\n').map((line) => line.trim());
  return (
    lines.find((line) => /^No such column|^sObject type|^Didn't understand/.test(line)) ?? lines.find(Boolean) ?? ''
  );
}

/** `Object.Field` from "No such column 'F' on entity 'O'", else the field named in quotes, else a generic phrase. */
function missingField(message: string): string {
  const column = /No such column '([^']+)' on entity '([^']+)'/.exec(message);
  if (column) return `${column[2]}.${column[1]}`;
  const quoted = /'([A-Za-z0-9_.]+__[cr])'/.exec(message);
  return quoted?.[1] ?? 'one of the fields Cairn reads';
}

function missingObject(message: string): string {
  const type = /sObject type '([^']+)'/.exec(message);
  if (type) return `object ${type[1]}`;
  const relationship = /relationship '([^']+)'/.exec(message);
  if (relationship) return `relationship ${relationship[1]}`;
  return 'Cairn object';
}

/** The error to show for `error`, with actions that name the org the command was run against. */
export function explainError(error: Error, context: ErrorContext): Error | SfError {
  const org = context.targetOrg ?? 'my-org';
  const code = codeOf(error);
  switch (code) {
    case 'NamedOrgNotFoundError':
    case 'NoAuthInfoFound':
      return messages.createError('noOrg', [context.targetOrg ?? ''], [org, org, org], error);
    case 'NoDefaultEnvError':
      return messages.createError('noDefaultOrg', [], [], error);
    case 'INVALID_FIELD':
      return messages.createError(
        'fieldMissing',
        [missingField(error.message), salesforceSays(error)],
        [org, org, org],
        error
      );
    case 'INVALID_TYPE':
      return messages.createError(
        'objectMissing',
        [missingObject(error.message), salesforceSays(error)],
        [org, org, org],
        error
      );
    case 'REQUEST_LIMIT_EXCEEDED':
      return messages.createError('apiLimit', [salesforceSays(error)], [org], error);
    case 'INVALID_SESSION_ID':
    case 'INVALID_AUTH_HEADER':
      return messages.createError('sessionExpired', [org], [org, org], error);
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ECONNRESET':
    case 'ETIMEDOUT':
      return messages.createError('unreachable', [org, error.message], [org], error);
    default:
      return error;
  }
}
