import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';

import {
  ErrorCodes,
  type EnterMonitoringObjectCommand,
  type NationalEntryActivities,
} from '@fanpin/contracts';
import { NationalEntriesRepository } from '@fanpin/persistence';
import { whileHeartbeating, type ActivityProvider } from '@fanpin/platform';

import {
  NATIONAL_SYSTEM,
  NationalSystemRejectedError,
  NationalSystemUnavailableError,
  type NationalSystemPort,
} from './national-system.port';

/** National-system entry (录入全国防返贫监测信息系统): exactly one entry per case and event. */
@Injectable()
export class NationalEntryActivitiesService implements ActivityProvider {
  constructor(
    private readonly entries: NationalEntriesRepository,
    @Inject(NATIONAL_SYSTEM) private readonly nationalSystem: NationalSystemPort,
  ) {}

  activities(): NationalEntryActivities {
    return { enterMonitoringObject: (command) => this.enterMonitoringObject(command) };
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

  private async send(request: Parameters<NationalSystemPort['enter']>[0], signal: AbortSignal) {
    try {
      return await this.nationalSystem.enter(request, signal);
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
