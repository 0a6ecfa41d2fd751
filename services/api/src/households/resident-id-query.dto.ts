import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

import { ResidentIdReasons, type ResidentIdReason } from '@fanpin/contracts';

/** A full number is read for a stated purpose, which the audit log keeps beside the read. */
export class ResidentIdQueryDto {
  @ApiProperty({ enum: ResidentIdReasons, description: 'Why the full number is needed' })
  @IsIn(ResidentIdReasons)
  reason!: ResidentIdReason;
}
