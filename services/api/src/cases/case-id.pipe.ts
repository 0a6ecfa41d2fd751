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
export const TaskIdPipe = patternPipe(/^[a-z][a-z0-9-]{0,63}$/, 'taskId');
