import { setTimeout as sleep } from 'node:timers/promises';

import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpException,
  Param,
  Post,
  Put,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';

import {
  NationalSystemHttp,
  type SimulatorBehaviour,
  type SimulatorRequest,
} from '@fanpin/contracts';

import { BehaviourDto, EntryDto, UpdateDto } from './dto';
import { SimulatorStore, type StoredEntry, type StoredUpdate } from './simulator.store';

const KEY = /^[A-Za-z0-9:_-]{8,200}$/;

/** The request's idempotency key: required, as the adapter always sends one. */
function idempotencyKey(key: string | undefined): string {
  if (!key || !KEY.test(key)) {
    throw new HttpException({ code: 'IDEMPOTENCY_KEY_REQUIRED' }, 400);
  }
  return key;
}

/** The error answers of the writes the store refuses, by the outcome's kind. */
const Refusals: Partial<Record<string, { code: string; status: number }>> = {
  failed: { code: 'UNAVAILABLE', status: 503 },
  rejected: { code: 'REJECTED', status: 422 },
  'unknown-record': { code: 'RECORD_NOT_FOUND', status: 404 },
};

/**
 * A write the store settled: a refusal is thrown as its error answer; a stored write is answered
 * 201 when new and 200 when an earlier request with the key made it.
 */
function settle<O extends { kind: string }>(
  outcome: O,
  res: Response,
): asserts outcome is Extract<O, { stored: unknown }> {
  const refusal = Refusals[outcome.kind];
  if (refusal) throw new HttpException({ code: refusal.code }, refusal.status);
  res.status(outcome.kind === 'created' ? 201 : 200);
}

/** A local stand-in for the national monitoring system, with the adapter's contract. */
@Controller()
export class SimulatorController {
  constructor(private readonly store: SimulatorStore) {}

  @Post(NationalSystemHttp.entriesPath)
  async enter(
    @Headers(NationalSystemHttp.idempotencyHeader) key: string | undefined,
    @Body() entry: EntryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ entryId: string; duplicate: boolean }> {
    // Logged before the latency: a slowed request shows as received and not yet answered.
    const request = this.store.receive(idempotencyKey(key));
    await this.delay();
    // Answered even when the caller has gone meanwhile, as a real system would have entered it.
    const outcome = this.store.record(request, entry);
    if (outcome.kind === 'duplicate') {
      throw new HttpException({ code: 'DUPLICATE', entryId: outcome.stored.entryId }, 409);
    }
    settle(outcome, res);
    return { entryId: outcome.stored.entryId, duplicate: outcome.kind === 'replayed' };
  }

  @Post(`${NationalSystemHttp.entriesPath}/:recordId/updates`)
  async update(
    @Headers(NationalSystemHttp.idempotencyHeader) key: string | undefined,
    @Param('recordId') recordId: string,
    @Body() update: UpdateDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ updateId: string; duplicate: boolean }> {
    const idempotency = idempotencyKey(key);
    await this.delay();
    const outcome = this.store.recordUpdate(idempotency, recordId, update);
    settle(outcome, res);
    return { updateId: outcome.stored.updateId, duplicate: outcome.kind === 'replayed' };
  }

  /** The latency the behaviour asks for, before the request is answered. */
  private async delay(): Promise<void> {
    const { latencyMs } = this.store.getBehaviour();
    if (latencyMs > 0) await sleep(latencyMs);
  }

  /** Every update made, one per idempotency key. */
  @Get(NationalSystemHttp.adminUpdatesPath)
  updates(): StoredUpdate[] {
    return this.store.listUpdates();
  }

  @Put(NationalSystemHttp.behaviourPath)
  setBehaviour(@Body() change: BehaviourDto): SimulatorBehaviour {
    return this.store.setBehaviour(change);
  }

  @Get(NationalSystemHttp.adminEntriesPath)
  list(): StoredEntry[] {
    return this.store.list();
  }

  /** Every entry request since the start or the last reset, in the order received. */
  @Get(NationalSystemHttp.adminRequestsPath)
  requests(): SimulatorRequest[] {
    return this.store.log();
  }

  @Delete(NationalSystemHttp.adminEntriesPath)
  @HttpCode(204)
  reset(): void {
    this.store.reset();
  }
}
