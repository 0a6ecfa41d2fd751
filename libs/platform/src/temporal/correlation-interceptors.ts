import type { Next, WorkflowClientInterceptor } from '@temporalio/client';
import {
  defaultPayloadConverter,
  type Headers,
  type Payload,
  type PayloadCodec,
} from '@temporalio/common';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityOutboundCallsInterceptor,
  GetLogAttributesInput,
} from '@temporalio/worker';

import { currentCorrelationId, runWithCorrelationId } from '../observability/correlation';
import {
  correlationPayloadOf,
  isCorrelationId,
  withCorrelationPayload,
} from './correlation-header';

/**
 * The correlation id as a header payload, encrypted as every payload is (the SDK runs no codec
 * over headers): `codecs` are the data converter's, applied in its order.
 */
export async function encodeCorrelationId(
  id: string,
  codecs: readonly PayloadCodec[],
): Promise<Payload> {
  let payloads = [defaultPayloadConverter.toPayload(id)];
  for (const codec of codecs) payloads = await codec.encode(payloads);
  return payloads[0]!;
}

/**
 * The correlation id in `headers`, opened with `codecs`; none when absent, unreadable (another
 * key, plaintext from a client without the key) or not a well-formed id: never a failure.
 */
export async function decodeCorrelationId(
  headers: Headers | undefined,
  codecs: readonly PayloadCodec[],
): Promise<string | undefined> {
  const payload = correlationPayloadOf(headers);
  if (!payload) return undefined;
  try {
    let payloads = [payload];
    for (const codec of [...codecs].reverse()) payloads = await codec.decode(payloads);
    const value: unknown = defaultPayloadConverter.fromPayload(payloads[0]!);
    return isCorrelationId(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `headers` with the current correlation id, encrypted; unchanged outside a request or activity. */
async function withCurrentId(headers: Headers, codecs: readonly PayloadCodec[]): Promise<Headers> {
  const id = currentCorrelationId();
  return id === undefined
    ? headers
    : withCorrelationPayload(headers, await encodeCorrelationId(id, codecs));
}

/** One of a workflow client's calls, as an interceptor takes it. */
type ClientCall<K extends keyof WorkflowClientInterceptor> = NonNullable<
  WorkflowClientInterceptor[K]
>;

/**
 * Passes the current correlation id (the HTTP request's, or the activity's that sends it) to the
 * workflow as a Temporal header on every start, signal and update this client sends.
 */
export class CorrelationClientInterceptor implements WorkflowClientInterceptor {
  constructor(private readonly codecs: readonly PayloadCodec[]) {}

  readonly startWithDetails: ClientCall<'startWithDetails'> = async (input, next) =>
    next(await this.carrying(input));
  readonly signal: ClientCall<'signal'> = async (input, next) => next(await this.carrying(input));
  readonly signalWithStart: ClientCall<'signalWithStart'> = async (input, next) =>
    next(await this.carrying(input));
  readonly startUpdate: ClientCall<'startUpdate'> = async (input, next) =>
    next(await this.carrying(input));

  readonly startUpdateWithStart: ClientCall<'startUpdateWithStart'> = async (input, next) =>
    next({
      ...input,
      workflowStartHeaders: await withCurrentId(input.workflowStartHeaders, this.codecs),
      updateHeaders: await withCurrentId(input.updateHeaders, this.codecs),
    });

  /** `input` with the current correlation id among its headers. */
  private async carrying<I extends { headers: Headers }>(input: I): Promise<I> {
    return { ...input, headers: await withCurrentId(input.headers, this.codecs) };
  }
}

/** What the two halves of one activity's interceptors share: its correlation id, once known. */
interface ActivityCorrelation {
  id?: string;
}

/**
 * Runs each activity with the correlation id its workflow passed on as the current one, so that
 * every line the activity logs (through the services' logger) carries it, and so does every
 * workflow start or signal it sends.
 */
class CorrelationActivityInbound implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly state: ActivityCorrelation,
    private readonly codecs: readonly PayloadCodec[],
  ) {}

  async execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const id = await decodeCorrelationId(input.headers, this.codecs);
    if (id === undefined) return next(input);
    this.state.id = id;
    return runWithCorrelationId(id, () => next(input));
  }
}

/** The correlation id on the lines the Temporal SDK logs about an activity (its failure, say). */
class CorrelationActivityOutbound implements ActivityOutboundCallsInterceptor {
  constructor(private readonly state: ActivityCorrelation) {}

  getLogAttributes(
    input: GetLogAttributesInput,
    next: Next<ActivityOutboundCallsInterceptor, 'getLogAttributes'>,
  ): Record<string, unknown> {
    const id = this.state.id;
    return next(id === undefined ? input : { ...input, correlationId: id });
  }
}

/** The correlation interceptors of one activity execution, opening the header with `codecs`. */
export function correlationActivityInterceptors(codecs: readonly PayloadCodec[]): () => {
  inbound: ActivityInboundCallsInterceptor;
  outbound: ActivityOutboundCallsInterceptor;
} {
  return () => {
    const state: ActivityCorrelation = {};
    return {
      inbound: new CorrelationActivityInbound(state, codecs),
      outbound: new CorrelationActivityOutbound(state),
    };
  };
}
