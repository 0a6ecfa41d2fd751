import { Injectable } from '@nestjs/common';

import type { SimulatorBehaviour, SimulatorRequest } from '@fanpin/contracts';

import type { EntryDto, UpdateDto } from './dto';

export interface StoredEntry {
  entryId: string;
  idempotencyKey: string;
  entry: EntryDto;
  /** How many requests carried this idempotency key. */
  requests: number;
}

/** A later change of a monitoring object, under the idempotency key it came with. */
export interface StoredUpdate {
  updateId: string;
  idempotencyKey: string;
  /** The record it changes. */
  recordId: string;
  update: UpdateDto;
  requests: number;
}

export type UpdateOutcome =
  | { kind: 'created' | 'replayed'; stored: StoredUpdate }
  | { kind: 'failed' | 'rejected' | 'unknown-record' };

export type EntryOutcome =
  | { kind: 'created' | 'replayed' | 'duplicate'; stored: StoredEntry }
  | { kind: 'failed' | 'rejected' };

/** Requests kept in the log: the oldest go first, so a long `npm start` does not grow for ever. */
const LOG_LIMIT = 10_000;

/**
 * The simulated national system's state: its entries, every request in the order received, and how
 * it is told to misbehave.
 */
@Injectable()
export class SimulatorStore {
  private readonly entries = new Map<string, StoredEntry>();
  private readonly updates = new Map<string, StoredUpdate>();
  private readonly requests: SimulatorRequest[] = [];
  private received = 0;
  private behaviour: SimulatorBehaviour = {
    latencyMs: 0,
    failNext: 0,
    rejectNext: 0,
    rejectDuplicates: false,
  };

  getBehaviour(): SimulatorBehaviour {
    return { ...this.behaviour };
  }

  setBehaviour(change: Partial<SimulatorBehaviour>): SimulatorBehaviour {
    this.behaviour = { ...this.behaviour, ...change };
    return this.getBehaviour();
  }

  /** Logs a request as received, unanswered until `record` answers it. */
  receive(idempotencyKey: string): SimulatorRequest {
    const request: SimulatorRequest = {
      seq: ++this.received,
      idempotencyKey,
      receivedAt: new Date().toISOString(),
      answeredAt: null,
      outcome: null,
      entryId: null,
    };
    this.requests.push(request);
    if (this.requests.length > LOG_LIMIT) this.requests.shift();
    return request;
  }

  /** Answers a received request and logs the answer beside it. */
  record(request: SimulatorRequest, entry: EntryDto): EntryOutcome {
    const outcome = this.decide(request.idempotencyKey, entry);
    request.answeredAt = new Date().toISOString();
    request.outcome = outcome.kind;
    request.entryId = 'stored' in outcome ? outcome.stored.entryId : null;
    return outcome;
  }

  /**
   * An update of the record `recordId` (an inclusion's entry id): made once per idempotency key,
   * refused when no inclusion has that id. Fails and rejects on demand as entries do.
   */
  recordUpdate(idempotencyKey: string, recordId: string, update: UpdateDto): UpdateOutcome {
    const misbehaving = this.misbehave();
    if (misbehaving) return { kind: misbehaving };
    const known = this.updates.get(idempotencyKey);
    if (known) {
      known.requests++;
      return { kind: 'replayed', stored: known };
    }
    const record = [...this.entries.values()].find(
      (e) => e.entryId === recordId && e.entry.event === undefined,
    );
    if (!record) return { kind: 'unknown-record' };
    const updateId = `NU${String(this.updates.size + 1).padStart(10, '0')}`;
    const stored = { updateId, idempotencyKey, recordId, update, requests: 1 };
    this.updates.set(idempotencyKey, stored);
    return { kind: 'created', stored };
  }

  listUpdates(): StoredUpdate[] {
    return [...this.updates.values()];
  }

  /** The failure or rejection the behaviour asks for next, if any (and counts it). */
  private misbehave(): 'failed' | 'rejected' | null {
    if (this.behaviour.failNext > 0) {
      this.behaviour.failNext--;
      return 'failed';
    }
    if (this.behaviour.rejectNext > 0) {
      this.behaviour.rejectNext--;
      return 'rejected';
    }
    return null;
  }

  private decide(idempotencyKey: string, entry: EntryDto): EntryOutcome {
    const misbehaving = this.misbehave();
    if (misbehaving) return { kind: misbehaving };
    const known = this.entries.get(idempotencyKey);
    if (known) {
      known.requests++;
      return { kind: this.behaviour.rejectDuplicates ? 'duplicate' : 'replayed', stored: known };
    }
    const stored = {
      entryId: `NM${String(this.entries.size + 1).padStart(10, '0')}`,
      idempotencyKey,
      entry,
      requests: 1,
    };
    this.entries.set(idempotencyKey, stored);
    return { kind: 'created', stored };
  }

  list(): StoredEntry[] {
    return [...this.entries.values()];
  }

  log(): SimulatorRequest[] {
    return this.requests.map((r) => ({ ...r }));
  }

  reset(): void {
    this.entries.clear();
    this.updates.clear();
    this.requests.length = 0;
    this.received = 0;
    this.behaviour = { latencyMs: 0, failNext: 0, rejectNext: 0, rejectDuplicates: false };
  }
}
