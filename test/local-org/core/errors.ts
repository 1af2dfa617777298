// Salesforce's error shapes. A whole call fails with an HTTP status and an array body
// `[{message, errorCode, fields?}]`; a row of a collection or bulk job fails with
// `{statusCode, message, fields}` inside its result.

/** A failure of a whole call, answered as Salesforce answers it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
    /** a body other than `[{message, errorCode}]` (UI API record errors, row errors) */
    private readonly customBody?: unknown
  ) {
    super(message);
  }

  /** A single-record write's row errors as the call's answer (`[{message, errorCode, fields}]`). */
  static fromRows(status: number, rows: RowError[]): ApiError {
    const first = rows[0];
    return new ApiError(
      status,
      first?.statusCode ?? 'UNKNOWN_EXCEPTION',
      first?.message ?? 'unknown error',
      first?.fields,
      rowErrorsToApiBody(rows)
    );
  }

  body(): unknown {
    if (this.customBody !== undefined) return this.customBody;
    const entry: Record<string, unknown> = { message: this.message, errorCode: this.errorCode };
    if (this.fields) entry.fields = this.fields;
    return [entry];
  }
}

/** A failure of one record in a write. */
export interface RowError {
  statusCode: string;
  message: string;
  fields: string[];
}

export const rowError = (statusCode: string, message: string, fields: string[] = []): RowError => ({
  statusCode,
  message,
  fields
});

/** A row failure answered as a single-record call's error (`[{message, errorCode, fields}]`). */
export function rowErrorsToApiBody(errors: RowError[]): unknown {
  return errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields }));
}

export const notFound = (): ApiError => new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');

export const invalidSession = (): ApiError => new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

/** The message Salesforce gives for an unknown sObject type in SOQL or a write body. */
export const unsupportedTypeMessage = (name: string): string =>
  `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`;
