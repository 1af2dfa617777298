import { callErrorCode, isTransientRowError, parseBulkError } from './row-errors.js';

test('Bulk API 2.0 error cells split into code, message (colons kept) and fields', () => {
  expect(parseBulkError('REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --')).toEqual({
    statusCode: 'REQUIRED_FIELD_MISSING',
    message: 'Required fields are missing: [Name]',
    fields: ['Name']
  });
  expect(parseBulkError('UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--')).toEqual({
    statusCode: 'UNABLE_TO_LOCK_ROW',
    message: 'unable to obtain exclusive access to this record',
    fields: []
  });
  expect(parseBulkError('STRING_TOO_LONG:Name: data value too large:Name,Evidence__c --')).toEqual({
    statusCode: 'STRING_TOO_LONG',
    message: 'Name: data value too large',
    fields: ['Name', 'Evidence__c']
  });
  expect(parseBulkError('something odd')).toEqual({
    statusCode: 'something odd',
    message: 'something odd',
    fields: []
  });
});

test('locks, busy servers and unprocessed rows are retried; validation and access errors are not', () => {
  for (const code of ['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE', 'UNPROCESSED', 'ERROR_HTTP_503', 'ECONNRESET']) {
    expect(isTransientRowError(code)).toBe(true);
  }
  for (const code of [
    'FIELD_CUSTOM_VALIDATION_EXCEPTION',
    'INVALID_FIELD_FOR_INSERT_UPDATE',
    'ENTITY_IS_DELETED',
    'STRING_TOO_LONG',
    'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
    'REQUIRED_FIELD_MISSING',
    'DUPLICATE_VALUE'
  ]) {
    expect(isTransientRowError(code)).toBe(false);
  }
});

test('a failed call is named by its Salesforce error code, else its network code, else its name', () => {
  expect(callErrorCode({ errorCode: 'ERROR_HTTP_503', code: 'x', name: 'y' })).toBe('ERROR_HTTP_503');
  expect(callErrorCode(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
  expect(callErrorCode(new TypeError('bad'))).toBe('TypeError');
  expect(callErrorCode(null)).toBe('UNKNOWN_ERROR');
});
