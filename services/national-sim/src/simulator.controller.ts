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
    if (!key || !KEY.test(key)) {
      throw new HttpException({ code: 'IDEMPOTENCY_KEY_REQUIRED' }, 400);
    }
    // Logged before the latency: a slowed request shows as received and not yet answered.
    const request = this.store.receive(key);
    const { latencyMs } = this.store.getBehaviour();
    if (latencyMs > 0) await sleep(latencyMs);
    // Answered even when the caller has gone meanwhile, as a real system would have entered it.
    const outcome = this.store.record(request, entry);
    switch (outcome.kind) {
      case 'failed':
        throw new HttpException({ code: 'UNAVAILABLE' }, 503);
      case 'rejected':
        throw new HttpException({ code: 'REJECTED' }, 422);
      case 'duplicate':
        throw new HttpException({ code: 'DUPLICATE', entryId: outcome.stored.entryId }, 409);
      case 'replayed':
        res.status(200);
        return { entryId: outcome.stored.entryId, duplicate: true };
      case 'created':
        res.status(201);
        return { entryId: outcome.stored.entryId, duplicate: false };
    }
  }

  @Post(`${NationalSystemHttp.entriesPath}/:recordId/updates`)
  async update(
    @Headers(NationalSystemHttp.idempotencyHeader) key: string | undefined,
    @Param('recordId') recordId: string,
    @Body() update: UpdateDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ updateId: string; duplicate: boolean }> {
    if (!key || !KEY.test(key)) {
      throw new HttpException({ code: 'IDEMPOTENCY_KEY_REQUIRED' }, 400);
    }
    const { latencyMs } = this.store.getBehaviour();
    if (latencyMs > 0) await sleep(latencyMs);
    const outcome = this.store.recordUpdate(key, recordId, update);
    switch (outcome.kind) {
      case 'failed':
        throw new HttpException({ code: 'UNAVAILABLE' }, 503);
      case 'rejected':
        throw new HttpException({ code: 'REJECTED' }, 422);
      case 'unknown-record':
        throw new HttpException({ code: 'RECORD_NOT_FOUND' }, 404);
      case 'replayed':
        res.status(200);
        return { updateId: outcome.stored.updateId, duplicate: true };
      case 'created':
        res.status(201);
        return { updateId: outcome.stored.updateId, duplicate: false };
    }
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
