import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

import {
  METADATA_ENCODING_KEY,
  defaultPayloadConverter,
  type Headers,
  type Payload,
} from '@temporalio/common';
import type { WorkflowStartInput, WorkflowStartOutput } from '@temporalio/client';
import type { ActivityExecuteInput } from '@temporalio/worker';

import {
  correlationIdFrom,
  currentCorrelationId,
  runWithCorrelationId,
} from '../observability/correlation';
import { CorrelationHeader, isCorrelationId } from './correlation-header';
import {
  CorrelationClientInterceptor,
  correlationActivityInterceptors,
  decodeCorrelationId,
  encodeCorrelationId,
} from './correlation-interceptors';
import { ENCRYPTED_ENCODING, EncryptionCodec } from './payload-codec';
import {
  CorrelationInbound,
  CorrelationOutbound,
  carriesTrace,
  type RunCorrelation,
} from './workflow-interceptors';

const id = '5f0c8a52-1d3e-4a57-9f1e-0c2b7d9e4a11';
const key = () => randomBytes(32).toString('base64url');
const codecs = [new EncryptionCodec({ current: key() })];
const encodingOf = (payload: Payload | undefined): string =>
  Buffer.from(payload?.metadata?.[METADATA_ENCODING_KEY] ?? []).toString('utf8');
const header = async (value: string): Promise<Headers> => ({
  [CorrelationHeader]: await encodeCorrelationId(value, codecs),
});

describe('correlation ids', () => {
  it('takes a well-formed id from the caller, and makes one for anything else', () => {
    expect(correlationIdFrom('req-12345678')).toBe('req-12345678');
    expect(isCorrelationId('abcd-1234')).toBe(true);
    for (const bad of [undefined, '', 'short', 'x'.repeat(65), '../../etc', '张三 1101051949']) {
      const made = correlationIdFrom(bad);
      expect(made).not.toBe(bad);
      expect(made).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('travel encrypted, and are read back only with the key and only when well-formed', async () => {
    const headers = await header(id);
    expect(encodingOf(headers[CorrelationHeader])).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(headers[CorrelationHeader]!.data!).toString('latin1')).not.toContain(id);
    expect(await decodeCorrelationId(headers, codecs)).toBe(id);
    // Another system's key, a plaintext header, a value that is no id: no id, and no failure.
    expect(await decodeCorrelationId(headers, [new EncryptionCodec({ current: key() })])).toBe(
      undefined,
    );
    const plain = { [CorrelationHeader]: defaultPayloadConverter.toPayload(id) };
    expect(await decodeCorrelationId(plain, codecs)).toBeUndefined();
    expect(await decodeCorrelationId(await header('name 张三'), codecs)).toBeUndefined();
    expect(await decodeCorrelationId({}, codecs)).toBeUndefined();
  });
});

describe('CorrelationClientInterceptor', () => {
  const input = { headers: {}, workflowType: 'householdCase' } as unknown as WorkflowStartInput;
  const output: WorkflowStartOutput = { runId: 'r', eagerlyStarted: false };

  it("sends the current request's id, encrypted, with a workflow start", async () => {
    const next = jest.fn((_: WorkflowStartInput) => Promise.resolve(output));
    await runWithCorrelationId(id, () =>
      new CorrelationClientInterceptor(codecs).startWithDetails(input, next),
    );
    const sent = next.mock.calls[0]![0].headers;
    expect(encodingOf(sent[CorrelationHeader])).toBe(ENCRYPTED_ENCODING);
    expect(await decodeCorrelationId(sent, codecs)).toBe(id);
  });

  it('sends no header outside a request', async () => {
    const next = jest.fn((_: WorkflowStartInput) => Promise.resolve(output));
    await new CorrelationClientInterceptor(codecs).startWithDetails(input, next);
    expect(next.mock.calls[0]![0].headers).toEqual({});
  });
});

describe('the activity correlation interceptors', () => {
  const interceptors = correlationActivityInterceptors(codecs);

  it("run the activity with its workflow's id and put it on the SDK's log lines", async () => {
    const { inbound, outbound } = interceptors();
    let seen: string | undefined;
    const input: ActivityExecuteInput = { args: [], headers: await header(id) };
    await inbound.execute!(input, () => {
      seen = currentCorrelationId();
      return Promise.resolve();
    });
    expect(seen).toBe(id);
    expect(currentCorrelationId()).toBeUndefined();
    expect(outbound.getLogAttributes!({ activityType: 'x' }, (a) => a)).toEqual({
      activityType: 'x',
      correlationId: id,
    });
  });

  it('add nothing for an activity whose workflow had no id', async () => {
    const { inbound, outbound } = interceptors();
    let seen: string | undefined = 'unset';
    await inbound.execute!({ args: [], headers: {} }, () => {
      seen = currentCorrelationId();
      return Promise.resolve();
    });
    expect(seen).toBeUndefined();
    expect(outbound.getLogAttributes!({ activityType: 'x' }, (a) => a)).toEqual({
      activityType: 'x',
    });
  });
});

describe('the workflow correlation interceptors', () => {
  function interceptors() {
    const run: RunCorrelation = {};
    const store = new AsyncLocalStorage<Payload>();
    return {
      inbound: new CorrelationInbound(run, store),
      outbound: new CorrelationOutbound(run, store),
    };
  }

  /** The headers an activity scheduled now is sent with. */
  const scheduledHeaders = async (outbound: CorrelationOutbound): Promise<Headers> => {
    let headers: Headers = {};
    await outbound.scheduleActivity(
      { headers: {}, activityType: 'a', args: [], options: {}, seq: 1 },
      (input) => {
        headers = input.headers;
        return Promise.resolve();
      },
    );
    return headers;
  };

  /** The id an activity scheduled now gets, as the activity's worker reads it. */
  const scheduled = async (outbound: CorrelationOutbound): Promise<string | undefined> =>
    decodeCorrelationId(await scheduledHeaders(outbound), codecs);

  it('pass the header on as it came, unread', async () => {
    const { inbound, outbound } = interceptors();
    const start = await header('start-id-1');
    await inbound.execute({ args: [], headers: start }, () => Promise.resolve());
    const passed = await scheduledHeaders(outbound);
    expect(passed[CorrelationHeader]).toBe(start[CorrelationHeader]);
  });

  it("give activities scheduled in an update's handler that update's id", async () => {
    const { inbound, outbound } = interceptors();
    await inbound.execute({ args: [], headers: await header('start-id-1') }, () =>
      Promise.resolve(),
    );
    let inHandler: string | undefined;
    const update = await header('update-id-2');
    await inbound.handleUpdate(
      { updateId: 'u', name: 'completeTask', args: [], headers: update },
      async () => {
        await Promise.resolve();
        inHandler = await scheduled(outbound);
      },
    );
    expect(inHandler).toBe('update-id-2');
  });

  it("give the main line's activities the id of the request that reached the run last", async () => {
    const { inbound, outbound } = interceptors();
    await inbound.execute({ args: [], headers: await header('start-id-1') }, () =>
      Promise.resolve(),
    );
    expect(await scheduled(outbound)).toBe('start-id-1');
    const signal = await header('signal-id-2');
    await inbound.handleSignal({ signalName: 'alert', args: [], headers: signal }, () =>
      Promise.resolve(),
    );
    expect(await scheduled(outbound)).toBe('signal-id-2');
    // A signal without an id (a Schedule's, say) leaves the last one.
    await inbound.handleSignal({ signalName: 'tick', args: [], headers: {} }, () =>
      Promise.resolve(),
    );
    expect(await scheduled(outbound)).toBe('signal-id-2');
  });

  it('schedule activities without a header in a run no request reached', async () => {
    const { inbound, outbound } = interceptors();
    await inbound.execute({ args: [], headers: {} }, () => Promise.resolve());
    expect(await scheduled(outbound)).toBeUndefined();
  });
});

describe('carriesTrace', () => {
  const trace = (carrier: unknown): Headers => ({
    '_tracer-data': defaultPayloadConverter.toPayload(carrier),
  });

  it('is true only for a header with a W3C traceparent', () => {
    expect(
      carriesTrace(
        trace({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }),
      ),
    ).toBe(true);
    // What the OpenTelemetry client interceptor writes when tracing is off: an empty carrier.
    expect(carriesTrace(trace({}))).toBe(false);
    expect(carriesTrace({})).toBe(false);
    expect(carriesTrace(undefined)).toBe(false);
  });
});
