import {
  NationalSystemHttp,
  type NationalEntryRequest,
  type NationalEntryResponse,
} from '@fanpin/contracts';

import {
  NationalSystemRejectedError,
  NationalSystemUnavailableError,
  type NationalSystemPort,
} from './national-system.port';

interface EntryBody {
  entryId?: unknown;
  code?: unknown;
}

/** Talks to the national system (or its simulator) over HTTP, one request per entry. */
export class HttpNationalSystemAdapter implements NationalSystemPort {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async enter(request: NationalEntryRequest, signal?: AbortSignal): Promise<NationalEntryResponse> {
    const { idempotencyKey, ...body } = request;
    let response: Response;
    try {
      response = await fetch(new URL(NationalSystemHttp.entriesPath, this.baseUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [NationalSystemHttp.idempotencyHeader]: idempotencyKey,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), ...(signal ? [signal] : [])]),
      });
    } catch (error) {
      throw new NationalSystemUnavailableError(
        error instanceof Error ? error.name : 'network error',
      );
    }
    const payload = (await response.json().catch(() => ({}))) as EntryBody;
    return this.interpret(response.status, payload);
  }

  private interpret(status: number, payload: EntryBody): NationalEntryResponse {
    const entryId = typeof payload.entryId === 'string' ? payload.entryId : undefined;
    if ((status === 200 || status === 201) && entryId) {
      return { entryId, duplicate: status === 200 };
    }
    if (status === 409 && entryId) {
      return { entryId, duplicate: true };
    }
    if (status === 400 || status === 422) {
      throw new NationalSystemRejectedError(
        typeof payload.code === 'string' ? payload.code : `HTTP ${status}`,
      );
    }
    throw new NationalSystemUnavailableError(`HTTP ${status}`);
  }
}
