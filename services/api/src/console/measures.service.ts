import { Injectable } from '@nestjs/common';

import {
  Departments,
  MeasureKinds,
  type Actor,
  type Department,
  type MeasurePage,
} from '@fanpin/contracts';
import { AssistanceRepository, PiiCipher } from '@fanpin/persistence';

import { accessDenied } from '../auth/auth.guard';
import { keysetPage } from '../case-files/history-cursor';
import { headDisplay } from '../households/household-display';
import type { MeasureQueryDto } from './dto';
import { readScope } from './read-scope';

@Injectable()
export class MeasuresService {
  constructor(
    private readonly assistance: AssistanceRepository,
    private readonly cipher: PiiCipher,
  ) {}

  async page(actor: Actor, q: MeasureQueryDto): Promise<MeasurePage> {
    const { department, scope } = this.whose(actor, q.department);
    const { rows, next } = await keysetPage(
      q,
      ['instant', 'uuid', 'code'],
      (after, limit) =>
        this.assistance.list({
          department,
          scope,
          status: q.status ?? 'open',
          overdue: q.overdue === 'true',
          townshipCode: q.townshipCode ?? null,
          after,
          limit,
        }),
      (last) => [last.due_key, last.run_id, last.measure_id],
    );
    const now = new Date();
    return {
      measures: rows.map((r) => ({
        caseId: r.case_id,
        measureId: r.measure_id,
        kind: MeasureKinds.find((k) => k === r.kind) ?? 'social',
        measureCode: r.measure_code,
        leadDepartment: Departments.find((d) => d === r.lead_department) ?? 'rural-revitalisation',
        dueOn: r.due_on,
        dueAt: r.due_at.toISOString(),
        status: r.status,
        percent: r.percent,
        overdue: r.status === 'open' && r.due_at < now,
        facts: (r.facts as MeasurePage['measures'][number]['facts']) ?? null,
        villageCode: r.village_code,
        townshipCode: r.township_code,
        ...headDisplay(this.cipher, actor, r),
      })),
      next,
    };
  }

  /** A department sees its own measures city-wide; staff those of their jurisdiction. */
  private whose(actor: Actor, asked: Department | undefined) {
    if (actor.role === 'lead-department') {
      const own = Departments.find((d) => d === actor.org);
      if (!own) throw accessDenied('your account names no department');
      return { department: own as string, scope: null };
    }
    return { department: asked ?? null, scope: readScope(actor) };
  }
}
