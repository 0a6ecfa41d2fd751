import { Injectable, type PipeTransform } from '@nestjs/common';

import { ErrorCodes } from '@fanpin/contracts';

import { ApiError } from '../errors/api-error';

function patternPipe(pattern: RegExp, what: string): new () => PipeTransform<string, string> {
  @Injectable()
  class Pipe implements PipeTransform<string, string> {
    transform(value: string): string {
      if (!pattern.test(value)) {
        throw new ApiError(ErrorCodes.inputInvalid, 400, `${what} is malformed`);
      }
      return value;
    }
  }
  return Pipe;
}

export const CaseIdPipe = patternPipe(/^case-hh[0-9a-f]{32}$/, 'caseId');
// Task kinds and numbers (village-verification-1), or a measure's code (measure-M-JOB).
export const TaskIdPipe = patternPipe(/^[a-z][A-Za-z0-9._:-]{0,95}$/, 'taskId');
