import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';

import {
  ErrorCodes,
  type EnterMonitoringObjectCommand,
  type NationalEntryActivities,
  type NationalEntryPath,
  type UpdateMonitoringObjectCommand,
} from '@fanpin/contracts';
import { NationalEntriesRepository } from '@fanpin/persistence';
import { whileHeartbeating, type ActivityProvider } from '@fanpin/platform';

import { entryPathOf } from './entry-path';
import {
  NATIONAL_SYSTEM,
  NationalSystemRejectedError,
  NationalSystemUnavailableError,
  type NationalSystemPort,
} from './national-system.port';

/** Which path cases take into the national system: the deployment's, and townships' own. */
export interface EntryPaths {
  deployment: NationalEntryPath;
  /** `<township code>=<path>` items. */
  townships: readonly string[];
}

export const ENTRY_PATHS = Symbol('ENTRY_PATHS');

/**
 * National-system entry (录入全国防返贫监测信息系统): exactly one entry per case and event, and one
 * update per case and change.
 */
@Injectable()
export class NationalEntryActivitiesService implements ActivityProvider {
  constructor(
    private readonly entries: NationalEntriesRepository,
    @Inject(NATIONAL_SYSTEM) private readonly nationalSystem: NationalSystemPort,
    @Inject(ENTRY_PATHS) private readonly paths: EntryPaths,
  ) {}

  activities(): NationalEntryActivities {
    return {
      nationalEntryPath: ({ townshipCode }) =>
        Promise.resolve({
          path: entryPathOf(townshipCode, this.paths.deployment, this.paths.townships),
        }),
      enterMonitoringObject: (command) => this.enterMonitoringObject(command),
      updateMonitoringObject: (command) =>
        whileHeartbeating((signal) => this.updateOnce(command, signal)),
    };
  }

  /** As an entry: the key is derived from the run and the change, so a retry is recognised. */
  private async updateOnce(
    c: UpdateMonitoringObjectCommand,
    signal: AbortSignal,
  ): Promise<{ updateId: string }> {
    const event = `${c.change}-${c.round}`;
    const idempotencyKey = `${c.runId}:${event}`;
    const known = await this.entries.find(idempotencyKey);
    if (known) return { updateId: known };
    const { updateId } = await this.call(() =>
      this.nationalSystem.update(
        {
          idempotencyKey,
          recordId: c.recordId,
          villageCode: c.villageCode,
          householdClass: c.householdClass,
          change: c.change,
          measures: c.measures,
        },
        signal,
      ),
    );
    await this.entries.insert({ idempotencyKey, runId: c.runId, event, entryId: updateId });
    return { updateId: (await this.entries.find(idempotencyKey)) ?? updateId };
  }

  /**
   * The idempotency key is derived from the run and the event, so a retry after a crash (even one
   * between the national system's answer and our insert) is recognised by the receiving side. It
   * heartbeats throughout: a call that died with its worker is retried within seconds.
   */
  enterMonitoringObject(c: EnterMonitoringObjectCommand): Promise<{ entryId: string }> {
    return whileHeartbeating((signal) => this.enterOnce(c, signal));
  }

  private async enterOnce(
    c: EnterMonitoringObjectCommand,
    signal: AbortSignal,
  ): Promise<{ entryId: string }> {
    const event = c.round === undefined ? c.event : `${c.event}-${c.round}`;
    const idempotencyKey = `${c.runId}:${event}`;
    const known = await this.entries.find(idempotencyKey);
    if (known) return { entryId: known };
    const { entryId } = await this.send(
      {
        idempotencyKey,
        householdKey: c.householdKey,
        villageCode: c.villageCode,
        householdClass: c.householdClass,
        ...(c.event === 'inclusion' ? {} : { event: c.event }),
      },
      signal,
    );
    await this.entries.insert({ idempotencyKey, runId: c.runId, event, entryId });
    return { entryId: (await this.entries.find(idempotencyKey)) ?? entryId };
  }

  private send(request: Parameters<NationalSystemPort['enter']>[0], signal: AbortSignal) {
    return this.call(() => this.nationalSystem.enter(request, signal));
  }

  /** A call of the system, its refusal for good non-retryable, its outage retryable. */
  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof NationalSystemRejectedError) {
        throw ApplicationFailure.create({
          type: ErrorCodes.nationalRejected,
          message: error.message,
          nonRetryable: true,
        });
      }
      if (error instanceof NationalSystemUnavailableError) {
        throw ApplicationFailure.create({
          type: ErrorCodes.nationalUnavailable,
          message: error.message,
        });
      }
      throw error;
    }
  }
}
