import { Injectable } from '@nestjs/common';

import type { SimulatorBehaviour } from '@fanpin/contracts';

import type { EntryDto } from './dto';

export interface StoredEntry {
  entryId: string;
  idempotencyKey: string;
  entry: EntryDto;
  /** How many requests carried this idempotency key. */
  requests: number;
}

export type EntryOutcome =
  | { kind: 'created' | 'replayed' | 'duplicate'; stored: StoredEntry }
  | { kind: 'failed' | 'rejected' };

/** The simulated national system's state: its entries and how it is told to misbehave. */
@Injectable()
export class SimulatorStore {
  private readonly entries = new Map<string, StoredEntry>();
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

  record(idempotencyKey: string, entry: EntryDto): EntryOutcome {
    if (this.behaviour.failNext > 0) {
      this.behaviour.failNext--;
      return { kind: 'failed' };
    }
    if (this.behaviour.rejectNext > 0) {
      this.behaviour.rejectNext--;
      return { kind: 'rejected' };
    }
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

  reset(): void {
    this.entries.clear();
    this.behaviour = { latencyMs: 0, failNext: 0, rejectNext: 0, rejectDuplicates: false };
  }
}
