import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface RawRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Sent as is, whatever the method: GET with a body included (fetch refuses it). */
  body?: string | Buffer;
}

/** One HTTP request through node:http, with the answer's status, media type and body. */
export function send(base: string, req: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    // The length said outright: Node sends a GET body unframed otherwise, and the server reads
    // its bytes as a request of their own.
    const length = req.body === undefined ? {} : { 'content-length': Buffer.byteLength(req.body) };
    const headers = { ...req.headers, ...length };
    const outgoing = request(new URL(req.url, base), { method: req.method, headers });
    outgoing.on('error', reject);
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({
          status: incoming.statusCode ?? 0,
          contentType: incoming.headers['content-type'] ?? '',
          text,
          json,
        });
      });
    });
    outgoing.end(req.body);
  });
}

/** A JSON request: the body serialised and labelled, a token when given. */
export function jsonRequest(
  method: string,
  url: string,
  body?: unknown,
  token?: string,
): RawRequest {
  return {
    method,
    url,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}
