import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

import { CodePattern } from '@fanpin/contracts';

/** An objection to a public notice, as the village or township records it: codes only. */
export class ObjectionDto {
  @ApiProperty({
    description: 'Chosen by the caller; the same id again changes nothing',
    example: 'OBJ-2026-001',
  })
  @Matches(CodePattern)
  objectionId!: string;

  @ApiProperty({ description: 'Grounds, as a code', example: 'INCOME_UNDERSTATED' })
  @Matches(CodePattern)
  groundsCode!: string;
}
