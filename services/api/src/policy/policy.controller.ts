import { Get, Put } from '@nestjs/common';

import {
  Permissions,
  PolicyPublishForm,
  PolicyWhatIfForm,
  PolicyYearForm,
  PolicyYearView,
  PolicyYearsView,
  WhatIfView,
} from '@fanpin/contracts';

import { Caller, Route } from '../auth/permission.decorator';
import { Form } from '../forms/form.pipe';
import { Answers, Fails } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';
import { numberParam } from '../routes/number-param';
import { Submits } from '../routes/submits';
import { PolicyService } from './policy.service';

const Year = numberParam('year', 2000, 2200, 'year must be a year from 2000 to 2200, e.g. 2024');

/**
 * The yearly income line and thresholds (年度监测标准): the city bureau drafts a year's line,
 * publishes it (fixed from then on), and tries a draft line over every household first.
 */
@ApiController('policy', 'v1/policy')
export class PolicyController {
  constructor(private readonly policy: PolicyService) {}

  @Route(Get('years'), Permissions.policyRead, {
    summary:
      'Every year’s income line and thresholds: drafts, published revisions, and those in force',
  })
  @Answers(200, PolicyYearsView, 'By year and revision')
  view(): Promise<PolicyYearsView> {
    return this.policy.view();
  }

  @Route(Put('years/:year/draft'), Permissions.policyManage, {
    summary: "Set a year's draft line and thresholds (the year's next revision until published)",
    description:
      'A year has at most one draft, changed by every call until it is published. Thresholds left out take the plan’s 2021 values. Audited.',
  })
  @Answers(200, PolicyYearView, 'The draft as stored')
  @Fails(400, 'INPUT.INVALID: a field missing or out of range, validUntil before validFrom')
  async draft(
    @Year.Param() year: number,
    @Form(PolicyYearForm) form: PolicyYearForm,
    @Caller() { actor, request }: Caller,
  ): Promise<PolicyYearView> {
    return this.policy.draft(Year.inRange(year), form, actor, request);
  }

  @Submits(
    'years/:year/publish',
    Permissions.policyManage,
    {
      summary:
        "Publish a year's draft: screening, visits and new cases judge that year's figures by it",
      description:
        'The revision names the draft reviewed. A published revision never changes; a running case keeps the lines it has until the city bureau moves it (POST /v1/cases/{caseId}/policy). Audited, refusals too.',
    },
    'INPUT.INVALID: no revision, or not a number',
  )
  @Answers(200, PolicyYearView, 'Published')
  @Fails(404, 'POLICY.DRAFT_NOT_FOUND: no such revision of the year')
  @Fails(
    409,
    "POLICY.PUBLISHED: the revision is published already; POLICY.VALIDITY_OVERLAP: its validity overlaps another year's",
  )
  async publish(
    @Year.Param() year: number,
    @Form(PolicyPublishForm) form: PolicyPublishForm,
    @Caller() { actor, request }: Caller,
  ): Promise<PolicyYearView> {
    return this.policy.publish(Year.inRange(year), form, actor, request);
  }

  @Submits(
    'what-if',
    Permissions.policyManage,
    {
      summary:
        'What a draft line would change, by township: households it would add or release (keys only)',
      description:
        'Over the latest figures known of each household (a screening, a village verification or a follow-up visit): added are those below the draft line (or the top of its marginal band, when the band nominates) and not monitored; released are those monitored and not below it. Reads only: no case changes. Audited.',
    },
    'INPUT.INVALID: a line or threshold out of range',
  )
  @Answers(200, WhatIfView, 'Per township, counts and household keys')
  whatIf(
    @Form(PolicyWhatIfForm) form: PolicyWhatIfForm,
    @Caller() { actor, request }: Caller,
  ): Promise<WhatIfView> {
    return this.policy.whatIf(form, actor, request);
  }
}
