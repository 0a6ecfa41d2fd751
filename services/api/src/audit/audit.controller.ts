import { Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { AuditOutcomes, AuditPage, CodePattern, Permissions } from '@fanpin/contracts';
import { AuditLogRepository } from '@fanpin/persistence';

import { RequirePermission } from '../auth/permission.decorator';
import { ApiController } from '../routes/api-controller';
import { AuditKinds } from './audit-log';
import { PageBefore, PageLimit } from '../errors/page-limit';
import { IsCode } from '../errors/is-code';
import { Answers } from '../openapi/answers';

const code = (description: string) =>
  ApiPropertyOptional({ description, pattern: CodePattern.source });

/** Filters and paging of the audit log. */
export class AuditQueryDto {
  @ApiPropertyOptional({ enum: Object.values(AuditKinds) })
  @IsOptional()
  @IsIn(Object.values(AuditKinds))
  kind?: string;

  @ApiPropertyOptional({ enum: AuditOutcomes })
  @IsOptional()
  @IsIn(AuditOutcomes)
  outcome?: string;

  @code('The account that acted')
  @IsOptional()
  @IsCode()
  actorId?: string;

  @code('The case, household, alert or account acted on')
  @IsOptional()
  @IsCode()
  target?: string;

  @PageBefore()
  before?: number;

  @PageLimit()
  limit?: number;
}

@ApiController('audit', 'v1/audit')
export class AuditController {
  constructor(private readonly log: AuditLogRepository) {}

  @Get()
  @RequirePermission(Permissions.auditRead)
  @ApiOperation({ summary: 'The audit log, newest first (supervisors)' })
  @Answers(200, AuditPage, 'A page of entries')
  async list(@Query() q: AuditQueryDto): Promise<AuditPage> {
    const limit = q.limit ?? 100;
    const rows = await this.log.page({ ...q, limit });
    const entries = rows.map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      kind: r.kind,
      outcome: r.outcome as AuditPage['entries'][number]['outcome'],
      actorId: r.actor_id,
      actorRole: r.actor_role,
      method: r.method,
      route: r.route,
      target: r.target,
      reason: r.reason,
      correlationId: r.correlation_id,
    }));
    return { entries, next: rows.length === limit ? (entries.at(-1)?.id ?? null) : null };
  }
}
