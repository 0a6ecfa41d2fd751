import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

import { PageLimit } from '../../errors/page-limit';

export class AlertReceiptDto {
  @ApiProperty() alertId!: string;
  @ApiProperty({ description: 'The case the alert belongs to' }) caseId!: string;
  @ApiProperty({ enum: ['dispatched', 'queued', 'duplicate'] })
  status!: 'dispatched' | 'queued' | 'duplicate';
}

export const AlertOutcomes = ['received', 'case-opening', 'open', 'included', 'excluded'] as const;

/** What became of an alert: the feedback a bureau gets (plan §4.2.3). */
export class AlertOutcomeDto {
  @ApiProperty() alertId!: string;
  @ApiProperty() villageCode!: string;
  @ApiProperty({ type: [Number] }) triggers!: number[];
  @ApiProperty() receivedAt!: string;
  @ApiProperty({ nullable: true, type: String }) caseId!: string | null;
  @ApiProperty({
    enum: AlertOutcomes,
    description:
      'received: not yet handed to a case; case-opening: handed over; open: under verification; included / excluded: decided',
  })
  outcome!: (typeof AlertOutcomes)[number];
}

export class AlertListDto {
  @ApiProperty({ type: [AlertOutcomeDto] }) alerts!: AlertOutcomeDto[];
  @ApiProperty({ nullable: true, type: Number, description: 'Pass as `before` for the next page' })
  next!: number | null;
}

export class AlertListQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) before?: number;
  @PageLimit()
  limit?: number;
}
