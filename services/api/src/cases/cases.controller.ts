import { Get, Param, applyDecorators } from '@nestjs/common';
import { ApiParam, type ApiOperationOptions } from '@nestjs/swagger';

import {
  CasePolicyMoveAnswer,
  CasePolicyMoveForm,
  CaseSummaryView,
  EliminationRollbackResult,
  EmergencyReliefForm,
  FastTrackForm,
  FastTrackResult,
  ObjectionForm,
  ObjectionLodgingResult,
  Permissions,
  ReliefGrantResult,
  RollbackForm,
  TaskCompletionAnswer,
  TaskForm,
  type Permission,
} from '@fanpin/contracts';

import { Jurisdiction } from '../auth/jurisdiction';
import { Caller } from '../auth/permission.decorator';
import { invalidField } from '../errors/api-error';
import { Form } from '../forms/form.pipe';
import { Answers, FORM_REFUSED, Fails, ReachesTemporal } from '../openapi/answers';
import { TASK_ID, TaskIdPipe } from './case-id.pipe';
import { Case } from './case-routes';
import { CaseCommands, CasesService } from './cases.service';

/**
 * A decision sent to the case's workflow with its form: answered 200 once the case has taken it,
 * refused 400 for a form that does not fit (`formRefused` says so when the route refuses more).
 */
const Decides = (
  path: string,
  permission: Permission,
  operation: string | ApiOperationOptions,
  formRefused = FORM_REFUSED,
) =>
  applyDecorators(
    ReachesTemporal(),
    Case.Changes(`:caseId/${path}`, permission, operation, { formRefused }),
  );

/**
 * A case as staff see and decide it. Reading asks PostgreSQL whether the case is in the caller's
 * jurisdiction; a decision goes straight to the case's workflow, whose Update validator checks the
 * jurisdiction before anything else (CasesService.decide answers its refusal as CASE.NOT_FOUND).
 */
@Case.Controller('cases', 'v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  @Case.Route(Get(':caseId'), Permissions.casesRead, {
    summary:
      'The case as its workflow sees it: stage, open tasks and their due dates, the notice’s end, the next report cut-off',
  })
  @Answers(200, CaseSummaryView, 'The case')
  @ReachesTemporal()
  async summary(
    @Case.Param() caseId: string,
    @Caller() { actor, request }: Caller,
  ): Promise<CaseSummaryView> {
    await this.jurisdiction.caseInScope(actor, caseId, request);
    return this.cases.summary(caseId);
  }

  @Decides(
    'tasks/:taskId',
    Permissions.tasksComplete,
    {
      summary:
        'Complete a task with its form: identification (village, appraisal, objection review, township), the city’s determination, the assistance plan, a measure (or report its progress), a follow-up visit, an elimination step, a manual national entry',
      description:
        'The body is the task’s form, its `kind` the task’s kind (TaskForm). The form is checked here and again by the case, with the role and the jurisdiction. Repeating a completed task returns the first answer.',
    },
    `${FORM_REFUSED}; or a kind that is not the task’s`,
  )
  @ApiParam({ name: 'taskId', schema: { type: 'string', pattern: TASK_ID.source } })
  @Answers(200, TaskCompletionAnswer, 'Completed: the stage the case moves to')
  @Fails(403, 'ACCESS.DENIED: not your task (another role, or another department’s measure)')
  @Fails(
    409,
    'CASE.TASK_NOT_OPEN (the message says the case’s stage and what it waits for), CASE.TASK_ALREADY_DONE, CASE.WRONG_STAGE: nothing changed',
  )
  @Fails(
    422,
    'CASE.DECISION_INVALID, CASE.ELIMINATION_REFUSED: the form does not fit the case (a measure id in use, progress going back, an elimination the rules refuse)',
  )
  completeTask(
    @Case.Param() caseId: string,
    @Param('taskId', TaskIdPipe) taskId: string,
    @Form(TaskForm) body: TaskForm,
    @Caller() { actor, request }: Caller,
  ): Promise<TaskCompletionAnswer> {
    if ('meetingId' in body && body.meetingId !== undefined) {
      throw invalidField(
        'meetingId',
        'meetingId is set by recording the village meeting (POST /v1/villages/{villageCode}/meetings)',
        'meetingId is not allowed here',
        'not-allowed',
      );
    }
    return this.cases.completeTask(caseId, taskId, body, actor, request);
  }

  @Decides(
    'objections',
    Permissions.objectionsLodge,
    'Record an objection to the public notice (公示异议): it becomes a township review',
  )
  @Answers(200, ObjectionLodgingResult, 'Lodged (or lodged before): its review task')
  @Fails(403, 'ACCESS.DENIED: village or township staff of the household only')
  @Fails(409, 'CASE.WRONG_STAGE: no public notice is running')
  lodgeObjection(
    @Case.Param() caseId: string,
    @Form(ObjectionForm) objection: ObjectionForm,
    @Caller() { actor, request }: Caller,
  ): Promise<ObjectionLodgingResult> {
    return this.cases.send(caseId, CaseCommands.objection, objection, actor, request);
  }

  @Decides(
    'policy',
    Permissions.policyManage,
    'Move a running case onto the income lines published now (适用新标准): later figures are judged by them',
  )
  @Answers(200, CasePolicyMoveAnswer, 'Moved: the lines the case keeps from now on')
  @Fails(
    409,
    'POLICY.ALREADY_ADOPTED: the case keeps these lines already; CASE.WRONG_STAGE, CASE.TASK_NOT_OPEN: the case has ended',
  )
  adoptPolicy(
    @Case.Param() caseId: string,
    @Form(CasePolicyMoveForm) form: CasePolicyMoveForm,
    @Caller() { actor, request }: Caller,
  ): Promise<CasePolicyMoveAnswer> {
    return this.cases.adoptPolicy(caseId, form, actor, request);
  }

  @Decides(
    'elimination-rollback',
    Permissions.casesDetermine,
    'Roll back a risk-eliminated mark (风险消除回退): monitoring and assistance resume',
  )
  @Answers(200, EliminationRollbackResult, 'Rolled back (or rolled back before with this id)')
  @Fails(409, 'CASE.WRONG_STAGE: the case is not risk-eliminated')
  rollBackElimination(
    @Case.Param() caseId: string,
    @Form(RollbackForm) rollback: RollbackForm,
    @Caller() { actor, request }: Caller,
  ): Promise<EliminationRollbackResult> {
    return this.cases.send(caseId, CaseCommands.rollback, rollback, actor, request);
  }

  @Decides('emergency-relief', Permissions.reliefGrant, {
    summary:
      'Record emergency relief granted on the day (急难社会救助) to a household in sudden severe difficulty, while its identification goes on',
    description:
      'The case counts as a sudden-hardship case from then on: the city bureau may take it ahead of the half-monthly cut-off (fast-track) where the policy allows. The same reliefId again changes nothing.',
  })
  @Answers(
    200,
    ReliefGrantResult,
    'Recorded (or recorded before with this id): every relief so far',
  )
  @Fails(403, 'ACCESS.DENIED: the township or the city bureau of the household only')
  @Fails(409, 'CASE.WRONG_STAGE: the case is past identification (relief is then a measure)')
  grantRelief(
    @Case.Param() caseId: string,
    @Form(EmergencyReliefForm) relief: EmergencyReliefForm,
    @Caller() { actor, request }: Caller,
  ): Promise<ReliefGrantResult> {
    return this.cases.send(caseId, CaseCommands.relief, relief, actor, request);
  }

  @Decides('fast-track', Permissions.casesDetermine, {
    summary:
      'Take a sudden-hardship case to the city’s determination without waiting for the half-monthly cut-off (快速认定)',
    description:
      'A case waiting for the cut-off goes to the city at once; an earlier one goes as soon as the township confirms it. Taken again, it changes nothing.',
  })
  @Answers(200, FastTrackResult, 'Taken (or taken before): the stage the case moves to')
  @Fails(403, 'ACCESS.DENIED: the city bureau only')
  @Fails(409, 'CASE.WRONG_STAGE: the city has the case already, or it is past identification')
  @Fails(
    422,
    'CASE.FAST_TRACK_REFUSED: no emergency relief was recorded, or the case’s policy does not allow it',
  )
  fastTrack(
    @Case.Param() caseId: string,
    @Form(FastTrackForm) form: FastTrackForm,
    @Caller() { actor, request }: Caller,
  ): Promise<FastTrackResult> {
    return this.cases.send(caseId, CaseCommands.fastTrack, form, actor, request);
  }
}
