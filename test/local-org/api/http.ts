// What a handler sees and answers: the parsed request, its session, and a Reply the
// server writes with Salesforce's content types.

import type { IncomingMessage } from 'node:http';
import { ApiError } from '../core/errors.js';
import type { OrgState } from '../org.js';
import type { Session } from '../sessions.js';

export interface Reply {
  status: number;
  /** serialized as JSON unless `text` is given */
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Request {
  method: string;
  url: URL;
  /** path segments after the matched prefix (after `/services/data/vXX.X/` for the data API) */
  segments: string[];
  headers: IncomingMessage['headers'];
  /** the API version of a data API call, e.g. `62.0` */
  version: string;
  session: Session | null;
  org: OrgState;
  /** the instance URL clients use, e.g. `http://127.0.0.1:7443` */
  baseUrl: string;
  body(): Promise<Buffer>;
  json(): Promise<unknown>;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  json: body,
  ...(headers ? { headers } : {})
});
export const noContent = (): Reply => ({ status: 204 });

const MAX_BODY = 150 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'REQUEST_ENTITY_TOO_LARGE', 'The request body is larger than 150 MB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function parseJsonBody(buffer: Buffer): unknown {
  const text = buffer.toString('utf8');
  if (text.trim() === '')
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body is empty; send a JSON document');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', `Unexpected character in the JSON body: ${(e as Error).message}`);
  }
}

/** A required request `segments[i]`, URL-decoded. */
export function segment(req: Request, i: number): string {
  return decodeURIComponent(req.segments[i] ?? '');
}
