import { SimulatorStore } from './simulator.store';
import type { EntryDto } from './dto';

const entry: EntryDto = {
  householdKey: 'hh-0123456789',
  villageCode: '220681001200',
  householdClass: 'marginal',
};

describe('the simulator request log', () => {
  it('shows every request in the order received, unanswered until answered, a repeated key too', () => {
    const store = new SimulatorStore();
    const first = store.receive('run-1:inclusion');
    const second = store.receive('run-1:inclusion');
    expect(store.log().map((r) => [r.seq, r.outcome, r.answeredAt])).toEqual([
      [1, null, null],
      [2, null, null],
    ]);

    store.record(first, entry);
    store.record(second, entry);
    expect(store.log().map((r) => [r.seq, r.idempotencyKey, r.outcome, r.entryId])).toEqual([
      [1, 'run-1:inclusion', 'created', 'NM0000000001'],
      [2, 'run-1:inclusion', 'replayed', 'NM0000000001'],
    ]);
    // One entry, whatever the number of requests: the log is where a second request shows.
    expect(store.list()).toHaveLength(1);
  });

  it('logs failures and rejections, and forgets everything on reset', () => {
    const store = new SimulatorStore();
    store.setBehaviour({ failNext: 1, rejectNext: 1 });
    store.record(store.receive('run-2:inclusion'), entry);
    store.record(store.receive('run-2:inclusion'), entry);
    expect(store.log().map((r) => [r.outcome, r.entryId])).toEqual([
      ['failed', null],
      ['rejected', null],
    ]);
    store.reset();
    expect(store.log()).toEqual([]);
    expect(store.receive('run-3:inclusion').seq).toBe(1);
  });
});
