import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { MeetingPurposes, type MeetingPurpose } from '@fanpin/contracts';

/** Which appraisal a village meeting takes up. */
export class MeetingQueryDto {
  @ApiPropertyOptional({
    enum: [...MeetingPurposes],
    description: 'inclusion (identification) by default; plan: the assistance plan in force',
  })
  @IsOptional()
  @IsIn([...MeetingPurposes])
  purpose?: MeetingPurpose;
}
