import { ApiProperty } from '@nestjs/swagger';

import { IsCode } from '../../errors/is-code';

/** The city bureau rolls back a risk-eliminated mark (风险消除回退): codes only. */
export class RollbackDto {
  @ApiProperty({
    description: 'Chosen by the caller; the same id again changes nothing',
    example: 'RB-2026-001',
  })
  @IsCode()
  rollbackId!: string;

  @ApiProperty({ description: 'Why, as a code', example: 'INCOME_FELL_AGAIN' })
  @IsCode()
  reasonCode!: string;
}
