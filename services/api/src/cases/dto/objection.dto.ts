import { ApiProperty } from '@nestjs/swagger';

import { IsCode } from '../../errors/is-code';

/** An objection to a public notice, as the village or township records it: codes only. */
export class ObjectionDto {
  @ApiProperty({
    description: 'Chosen by the caller; the same id again changes nothing',
    example: 'OBJ-2026-001',
  })
  @IsCode()
  objectionId!: string;

  @ApiProperty({ description: 'Grounds, as a code', example: 'INCOME_UNDERSTATED' })
  @IsCode()
  groundsCode!: string;
}
