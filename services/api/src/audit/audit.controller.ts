import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';

import { AuditOutcomes, AuditPage, CodePattern, Permissions } from '@fanpin/contracts';

import { RequirePermission } from '../auth/permission.decorator';
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

interface AuditRow {
  id: string;
  at: Date;
  kind: string;
  outcome: string;
  actor_id: string | null;
  actor_role: string | null;
  method: string | null;
  route: string | null;
  target: string | null;
  reason: string | null;
  correlation_id: string | null;
}

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @RequirePermission(Permissions.auditRead)
  @ApiOperation({ summary: 'The audit log, newest first (supervisors)' })
  @Answers(200, AuditPage, 'A page of entries')
  async list(@Query() q: AuditQueryDto): Promise<AuditPage> {
    const limit = q.limit ?? 100;
    const rows = await this.dataSource.query<AuditRow[]>(
      `SELECT id, at, kind, outcome, actor_id, actor_role, method, route, target, reason, correlation_id
       FROM audit_log
       WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR outcome = $2)
         AND ($3::text IS NULL OR actor_id = $3) AND ($4::text IS NULL OR target = $4)
         AND ($5::bigint IS NULL OR id < $5)
       ORDER BY id DESC LIMIT $6`,
      [
        q.kind ?? null,
        q.outcome ?? null,
        q.actorId ?? null,
        q.target ?? null,
        q.before ?? null,
        limit,
      ],
    );
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
