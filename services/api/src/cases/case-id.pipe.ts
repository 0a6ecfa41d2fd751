import { Injectable, type PipeTransform } from '@nestjs/common';

import { invalidField } from '../errors/api-error';

function patternPipe(pattern: RegExp, what: string): new () => PipeTransform<string, string> {
  @Injectable()
  class Pipe implements PipeTransform<string, string> {
    transform(value: string): string {
      if (!pattern.test(value)) {
        throw invalidField(what, `${what} must match ${pattern.source}`);
      }
      return value;
    }
  }
  return Pipe;
}

/** A case's workflow id: `case-` and its household key. */
export const CASE_ID = /^case-hh[0-9a-f]{32}$/;
/** Task kinds and numbers (village-verification-1), a measure (measure-M-JOB) or a unit's part in it. */
export const TASK_ID = /^[a-z][A-Za-z0-9._:-]{0,127}$/;

export const CaseIdPipe = patternPipe(CASE_ID, 'caseId');
export const TaskIdPipe = patternPipe(TASK_ID, 'taskId');

/** A village's division code. */
export const VILLAGE_CODE = /^\d{12}$/;
export const VillageCodePipe = patternPipe(VILLAGE_CODE, 'villageCode');
/** An id a caller chose (a village meeting's): letters, digits and `._:-`. */
export const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
export const RequestIdPipe = patternPipe(REQUEST_ID, 'meetingId');
