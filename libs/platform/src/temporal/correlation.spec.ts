import { AsyncLocalStorage } from 'node:async_hooks';

import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type { WorkflowStartInput, WorkflowStartOutput } from '@temporalio/client';
import type { ActivityExecuteInput } from '@temporalio/worker';

import {
  correlationIdFrom,
  currentCorrelationId,
  runWithCorrelationId,
} from '../observability/correlation';
import {
  CorrelationHeader,
  correlationIdOf,
  isCorrelationId,
  withCorrelationId,
} from './correlation-header';
import {
  CorrelationClientInterceptor,
  correlationActivityInterceptors,
} from './correlation-interceptors';
import {
  CorrelationInbound,
  CorrelationOutbound,
  carriesTrace,
  type RunCorrelation,
} from './workflow-interceptors';

const id = '5f0c8a52-1d3e-4a57-9f1e-0c2b7d9e4a11';
const headerWith = (value: unknown): Headers => ({
  [CorrelationHeader]: defaultPayloadConverter.toPayload(value),
});

describe('correlation ids', () => {
  it('takes a well-formed id from the caller, and makes one for anything else', () => {
    expect(correlationIdFrom('req-12345678')).toBe('req-12345678');
    for (const bad of [undefined, '', 'short', 'x'.repeat(65), '../../etc', '张三 1101051949']) {
      const made = correlationIdFrom(bad);
      expect(made).not.toBe(bad);
      expect(made).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('reads back from a header only what it would write', () => {
    expect(correlationIdOf(withCorrelationId({}, id))).toBe(id);
    expect(correlationIdOf({})).toBeUndefined();
    expect(correlationIdOf(headerWith('name 张三'))).toBeUndefined();
    expect(correlationIdOf(headerWith(42))).toBeUndefined();
    expect(isCorrelationId('abcd-1234')).toBe(true);
  });

  it('leaves a header that is there, and headers without an id, as they are', () => {
    const given = withCorrelationId({}, 'first-id-1');
    expect(correlationIdOf(withCorrelationId(given, 'second-id-2'))).toBe('first-id-1');
    const none = {};
    expect(withCorrelationId(none, undefined)).toBe(none);
  });
});

describe('CorrelationClientInterceptor', () => {
  const input = { headers: {}, workflowType: 'householdCase' } as unknown as WorkflowStartInput;
  const output: WorkflowStartOutput = { runId: 'r', eagerlyStarted: false };

  it("sends the current request's id with a workflow start", async () => {
    const next = jest.fn((_: WorkflowStartInput) => Promise.resolve(output));
    await runWithCorrelationId(id, () =>
      new CorrelationClientInterceptor().startWithDetails(input, next),
    );
    expect(correlationIdOf(next.mock.calls[0]![0].headers)).toBe(id);
  });

  it('sends no header outside a request', async () => {
    const next = jest.fn((_: WorkflowStartInput) => Promise.resolve(output));
    await new CorrelationClientInterceptor().startWithDetails(input, next);
    expect(next.mock.calls[0]![0].headers).toEqual({});
  });
});

describe('the activity correlation interceptors', () => {
  it("run the activity with its workflow's id and put it on the SDK's log lines", async () => {
    const { inbound, outbound } = correlationActivityInterceptors();
    let seen: string | undefined;
    const input: ActivityExecuteInput = { args: [], headers: headerWith(id) };
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
    const { inbound, outbound } = correlationActivityInterceptors();
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
    const store = new AsyncLocalStorage<string>();
    return {
      inbound: new CorrelationInbound(run, store),
      outbound: new CorrelationOutbound(run, store),
    };
  }

  const scheduled = async (outbound: CorrelationOutbound): Promise<string | undefined> => {
    let headers: Headers = {};
    await outbound.scheduleActivity(
      { headers: {}, activityType: 'a', args: [], options: {}, seq: 1 },
      (input) => {
        headers = input.headers;
        return Promise.resolve();
      },
    );
    return correlationIdOf(headers);
  };

  it("give activities scheduled in an update's handler that update's id", async () => {
    const { inbound, outbound } = interceptors();
    await inbound.execute({ args: [], headers: headerWith('start-id-1') }, () => Promise.resolve());
    let inHandler: string | undefined;
    await inbound.handleUpdate(
      { updateId: 'u', name: 'completeTask', args: [], headers: headerWith('update-id-2') },
      async () => {
        await Promise.resolve();
        inHandler = await scheduled(outbound);
      },
    );
    expect(inHandler).toBe('update-id-2');
  });

  it("give the main line's activities the id of the request that reached the run last", async () => {
    const { inbound, outbound } = interceptors();
    await inbound.execute({ args: [], headers: headerWith('start-id-1') }, () => Promise.resolve());
    expect(await scheduled(outbound)).toBe('start-id-1');
    await inbound.handleSignal(
      { signalName: 'alert', args: [], headers: headerWith('signal-id-2') },
      () => Promise.resolve(),
    );
    expect(await scheduled(outbound)).toBe('signal-id-2');
    // A signal without an id (a Schedule's, say) leaves the last one.
    await inbound.handleSignal({ signalName: 'tick', args: [], headers: {} }, () =>
      Promise.resolve(),
    );
    expect(await scheduled(outbound)).toBe('signal-id-2');
    expect(outbound.getLogAttributes({}, (a) => a)).toEqual({ correlationId: 'signal-id-2' });
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
