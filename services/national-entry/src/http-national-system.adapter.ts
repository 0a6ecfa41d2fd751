import {
  NationalSystemHttp,
  type NationalEntryRequest,
  type NationalEntryResponse,
  type NationalUpdateRequest,
  type NationalUpdateResponse,
} from '@fanpin/contracts';

import {
  NationalSystemRejectedError,
  NationalSystemUnavailableError,
  type NationalSystemPort,
} from './national-system.port';

interface AnswerBody {
  entryId?: unknown;
  updateId?: unknown;
  code?: unknown;
}

/** Talks to the national system (or its simulator) over HTTP, one request per entry or update. */
export class HttpNationalSystemAdapter implements NationalSystemPort {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async enter(request: NationalEntryRequest, signal?: AbortSignal): Promise<NationalEntryResponse> {
    const { idempotencyKey, ...body } = request;
    const { status, payload } = await this.post(
      NationalSystemHttp.entriesPath,
      idempotencyKey,
      body,
      signal,
    );
    const entryId = typeof payload.entryId === 'string' ? payload.entryId : undefined;
    return { entryId: this.interpret(status, payload, entryId), duplicate: status !== 201 };
  }

  async update(
    request: NationalUpdateRequest,
    signal?: AbortSignal,
  ): Promise<NationalUpdateResponse> {
    const { idempotencyKey, recordId, ...body } = request;
    const path = NationalSystemHttp.updatesPath(recordId);
    const { status, payload } = await this.post(path, idempotencyKey, body, signal);
    const updateId = typeof payload.updateId === 'string' ? payload.updateId : undefined;
    // The record it names is not there: the system will not take this update, however often sent.
    if (status === 404) throw new NationalSystemRejectedError('RECORD_NOT_FOUND');
    return { updateId: this.interpret(status, payload, updateId), duplicate: status !== 201 };
  }

  private async post(
    path: string,
    idempotencyKey: string,
    body: object,
    signal?: AbortSignal,
  ): Promise<{ status: number; payload: AnswerBody }> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
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
    const payload = (await response.json().catch(() => ({}))) as AnswerBody;
    return { status: response.status, payload };
  }

  /**
   * The id the system answered with: 201 made it, 200 replayed it and 409 refused a repeat of it
   * (all the same entry); 400 and 422 are refusals for good, anything else worth retrying.
   */
  private interpret(status: number, payload: AnswerBody, id: string | undefined): string {
    if ((status === 200 || status === 201 || status === 409) && id) return id;
    if (status === 400 || status === 422) {
      throw new NationalSystemRejectedError(
        typeof payload.code === 'string' ? payload.code : `HTTP ${status}`,
      );
    }
    throw new NationalSystemUnavailableError(`HTTP ${status}`);
  }
}
