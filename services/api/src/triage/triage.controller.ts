import { Get, Query } from '@nestjs/common';

import {
  Permissions,
  TriageDecisionForm,
  TriageDecisionView,
  TriageGroups,
  TriageItemPage,
  type Actor,
} from '@fanpin/contracts';

import { Caller, CurrentActor, Route } from '../auth/permission.decorator';
import { Form } from '../forms/form.pipe';
import { Answers, Fails } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';
import { Submits } from '../routes/submits';
import { TriageGroupsQueryDto, TriageItemsQueryDto } from './dto';
import { TriageService } from './triage.service';

/**
 * The city bureau's triage of sector bureaus' alerts (预警确认, plan §4.2.3), when the API runs with
 * ALERT_TRIAGE=city: it confirms alerts and sends them down to the townships, or dismisses them.
 */
@ApiController('triage', 'v1/triage')
export class TriageController {
  constructor(private readonly triage: TriageService) {}

  @Route(Get('groups'), Permissions.triageRead, {
    summary: 'Pending triage items of your jurisdiction, counted per township and village',
  })
  @Answers(200, TriageGroups, 'Every village with pending items')
  groups(@Query() q: TriageGroupsQueryDto, @CurrentActor() actor: Actor): Promise<TriageGroups> {
    return this.triage.groups(actor, q);
  }

  @Route(Get('items'), Permissions.triageRead, {
    summary: 'A page of triage items: a household each, with every bureau’s alerts about it',
  })
  @Answers(200, TriageItemPage, 'A page of items, oldest first')
  items(@Query() q: TriageItemsQueryDto, @CurrentActor() actor: Actor): Promise<TriageItemPage> {
    return this.triage.items(actor, q);
  }

  @Submits(
    'decisions',
    Permissions.triageDecide,
    {
      summary: 'Confirm or dismiss triage items, named or by filter (audited)',
      description:
        'Confirmed items’ alerts go to their households’ cases (deadlines count from the confirmation); a dismissal’s reason code is fed back to every bureau whose alert the item holds. A named item decided before the same way is left unchanged; decided otherwise, the request changes nothing and is refused.',
    },
    'INPUT.INVALID: the form does not fit (itemIds or filter; reason to dismiss only)',
  )
  @Answers(200, TriageDecisionView, 'Decided')
  @Fails(404, 'TRIAGE.ITEM_NOT_FOUND: an item named is not in your jurisdiction’s triage')
  @Fails(409, 'TRIAGE.DECIDED_OTHERWISE: an item named was decided otherwise before')
  decide(
    @Form(TriageDecisionForm) form: TriageDecisionForm,
    @Caller() { actor, request }: Caller,
  ): Promise<TriageDecisionView> {
    return this.triage.decide(actor, form, request);
  }
}
