import { Get, Param, applyDecorators } from '@nestjs/common';
import { ApiParam, type ApiOperationOptions } from '@nestjs/swagger';

import {
  ErrorCodes,
  MemberChanged,
  MemberChanges,
  MemberJoinForm,
  MemberLeaveForm,
  MembersView,
  Permissions,
  hasPermission,
  isValidResidentId,
  normalizeResidentId,
  type Actor,
  type MemberChange,
  type MemberCondition,
  type MemberView,
} from '@fanpin/contracts';
import { maskResidentId } from '@fanpin/domain';
import {
  HouseholdMembersRepository,
  HouseholdsRepository,
  PiiCipher,
  PiiFields,
  Transactions,
  type HouseholdMemberRow,
  type HouseholdRow,
  type Queryable,
} from '@fanpin/persistence';

import { AuditKinds, AuditLog } from '../audit/audit-log';
import { Jurisdiction } from '../auth/jurisdiction';
import { Caller } from '../auth/permission.decorator';
import { ApiError, invalidField } from '../errors/api-error';
import { Form } from '../forms/form.pipe';
import { Answers, Fails } from '../openapi/answers';
import type { RouteOptions } from '../routes/path-resource';
import { HouseholdFinder } from './household-finder';
import { UnreadableName, UnreadableResidentId, openSealed } from './household-display';
import { Household, pathHousehold } from './household-routes';

const MemberIdPattern = /^[1-9]\d{0,17}$/;

/** The sealed fields of a member's row: a head copied from `households`, or a member's own. */
function fieldsOf(row: HouseholdMemberRow) {
  return row.sealed_as === 'head'
    ? { name: PiiFields.headName, residentId: PiiFields.headResidentId }
    : { name: PiiFields.memberName, residentId: PiiFields.memberResidentId };
}

/**
 * A join or a leave of a member, by those who change members: answered with the member and the
 * household's count, the same change again answered as recorded before.
 */
const ChangesMembers = (path: string, operation: ApiOperationOptions, options?: RouteOptions) =>
  applyDecorators(
    Household.Changes(path, Permissions.householdsChangeMembers, operation, options),
    Answers(200, MemberChanged, 'Recorded (or recorded before)'),
  );

const memberNotFound = () =>
  new ApiError(ErrorCodes.memberNotFound, 404, 'no such member of this household');

/**
 * A household's members (家庭成员): who they are (to those who may see it), who joined and left, and
 * the joins and leaves themselves, each in the audit log with its reason. A person is a member of
 * one household at a time; reports naming any member find the household (HouseholdFinder).
 */
@Household.Controller('households', 'v1/households')
export class HouseholdMembersController {
  constructor(
    private readonly jurisdiction: Jurisdiction,
    private readonly cipher: PiiCipher,
    private readonly audit: AuditLog,
    private readonly members: HouseholdMembersRepository,
    private readonly households: HouseholdsRepository,
    private readonly finder: HouseholdFinder,
    private readonly transactions: Transactions,
  ) {}

  @Household.Route(Get(':householdKey/members'), Permissions.householdsRead, {
    summary:
      'The household’s current members, the head first: ID numbers masked, special-group conditions only for village, township and city staff',
  })
  @Answers(200, MembersView, 'The current members')
  async list(
    @Household.Param() householdKey: string,
    @Caller() caller: Caller,
  ): Promise<MembersView> {
    await pathHousehold(this.jurisdiction, householdKey, caller);
    const rows = await this.members.current(householdKey);
    return {
      householdKey,
      memberCount: rows.length,
      members: rows.map((row) => this.view(row, caller.actor)),
    };
  }

  @Household.Route(Get(':householdKey/members/changes'), Permissions.householdsRead, {
    summary:
      'Every join and leave of the household’s members, oldest first: when, why and who recorded it',
  })
  @Answers(200, MemberChanges, 'The changes')
  async changes(
    @Household.Param() householdKey: string,
    @Caller() caller: Caller,
  ): Promise<MemberChanges> {
    await pathHousehold(this.jurisdiction, householdKey, caller);
    const changes: (MemberChange & { order: number })[] = [];
    for (const row of await this.members.all(householdKey)) {
      const memberId = row.member_id;
      changes.push({
        memberId,
        change: 'joined',
        reasonCode: row.joined_reason as MemberChange['reasonCode'],
        on: row.joined_on,
        recordedAt: row.joined_at.toISOString(),
        recordedBy: row.joined_by,
        order: 0,
      });
      if (row.left_on !== null && row.left_at !== null) {
        changes.push({
          memberId,
          change: 'left',
          reasonCode: row.left_reason as MemberChange['reasonCode'],
          on: row.left_on,
          recordedAt: row.left_at.toISOString(),
          recordedBy: row.left_by ?? '',
          order: 1,
        });
      }
    }
    // As recorded; within one transaction (one instant) joins before leaves, then by member.
    changes.sort(
      (a, b) =>
        a.recordedAt.localeCompare(b.recordedAt) ||
        a.order - b.order ||
        Number(a.memberId) - Number(b.memberId),
    );
    return { householdKey, changes: changes.map(({ order: _order, ...change }) => change) };
  }

  @ChangesMembers(':householdKey/members', {
    summary:
      'A member joins the household (a birth, a marriage, a move in): audited with its reason; the same person again changes nothing',
  })
  @Fails(409, 'MEMBER.IN_OTHER_HOUSEHOLD: the person is a member of another household now')
  @Fails(422, 'RESIDENT_ID.INVALID: residentId fails the GB 11643-1999 check')
  async join(
    @Household.Param() householdKey: string,
    @Form(MemberJoinForm) dto: MemberJoinForm,
    @Caller() caller: Caller,
  ): Promise<MemberChanged> {
    await pathHousehold(this.jurisdiction, householdKey, caller);
    if (!isValidResidentId(dto.residentId)) {
      throw new ApiError(
        ErrorCodes.residentIdInvalid,
        422,
        'residentId fails the GB 11643-1999 check',
      );
    }
    const memberKey = this.finder.memberKeyOf(dto.residentId);
    const outcome = await this.transactions.run(async (db) => {
      await this.households.lock(householdKey, db);
      const current = await this.members.currentByKey(memberKey, db);
      if (current) return current.household_key === householdKey ? current : null;
      const added = await this.members.add(
        {
          householdKey,
          memberKey,
          nameSealed: this.cipher.encrypt(dto.name, PiiFields.memberName),
          residentIdSealed: this.cipher.encrypt(
            normalizeResidentId(dto.residentId),
            PiiFields.memberResidentId,
          ),
          relation: dto.relation,
          conditionsSealed: this.sealConditions(dto.conditions ?? []),
          joinedOn: dto.joinedOn,
          joinedReason: dto.reasonCode,
          joinedBy: caller.actor.id,
        },
        db,
      );
      // Added elsewhere since the look a moment ago: a member of another household after all.
      if (!added) return null;
      const reason = `${added.member_id} ${dto.reasonCode}`;
      await this.record(AuditKinds.memberJoined, householdKey, reason, caller, db);
      return { ...added, fresh: true };
    });
    if (outcome === null) {
      await this.audit.recordQuietly(
        {
          kind: AuditKinds.memberJoined,
          outcome: 'refused',
          actor: caller.actor,
          target: householdKey,
          reason: 'MEMBER_IN_OTHER_HOUSEHOLD',
        },
        caller.request,
      );
      throw new ApiError(
        ErrorCodes.memberInOtherHousehold,
        409,
        'this person is a member of another household: they leave it first',
      );
    }
    return {
      householdKey,
      memberId: outcome.member_id,
      status: 'fresh' in outcome ? 'recorded' : 'already',
      memberCount: await this.members.count(householdKey),
      newHeadMemberId: null,
      foundedHouseholdKey: null,
    };
  }

  @ChangesMembers(
    ':householdKey/members/:memberId/leave',
    {
      summary:
        'A member leaves the household (a death, a marriage out, a split 分户 that may found a household, a move out): audited with its reason; the head only with a new head named',
    },
    { alsoNotFound: 'MEMBER.NOT_FOUND: no such member of this household' },
  )
  @ApiParam({ name: 'memberId', schema: { type: 'string', pattern: MemberIdPattern.source } })
  @Fails(409, 'MEMBER.ALREADY_LEFT: the member left before, another day or for another reason')
  @Fails(
    422,
    'MEMBER.NEW_HEAD_NEEDED: the head leaves only with newHeadMemberId, a member who stays',
  )
  async leave(
    @Household.Param() householdKey: string,
    @Param('memberId') memberId: string,
    @Form(MemberLeaveForm) dto: MemberLeaveForm,
    @Caller() caller: Caller,
  ): Promise<MemberChanged> {
    await pathHousehold(this.jurisdiction, householdKey, caller);
    if (!MemberIdPattern.test(memberId)) throw memberNotFound();
    if (dto.foundsHousehold && dto.reasonCode !== 'split') {
      throw invalidField(
        'foundsHousehold',
        'foundsHousehold goes with reasonCode split only',
        'only a split (分户) founds a household',
        'custom',
      );
    }
    const done = await this.transactions.run(async (db) => {
      const household = (await this.households.lock(householdKey, db)) as HouseholdRow;
      const member = await this.members.find(householdKey, memberId, db);
      if (!member) throw memberNotFound();
      if (member.left_on !== null) {
        if (member.left_on === dto.leftOn && member.left_reason === dto.reasonCode) {
          return { already: true, newHead: null, founded: null };
        }
        throw new ApiError(
          ErrorCodes.memberAlreadyLeft,
          409,
          'this member left before, on another day or for another reason',
        );
      }
      const newHead = await this.newHead(householdKey, member, dto, db);
      await this.members.leave(memberId, dto.leftOn, dto.reasonCode, caller.actor.id, db);
      await this.record(
        AuditKinds.memberLeft,
        householdKey,
        `${memberId} ${dto.reasonCode}`,
        caller,
        db,
      );
      if (newHead) await this.makeHead(householdKey, newHead, caller, db);
      const founded = dto.foundsHousehold
        ? await this.found(household, member, dto.leftOn, caller, db)
        : null;
      return { already: false, newHead: newHead?.member_id ?? null, founded };
    });
    return {
      householdKey,
      memberId,
      status: done.already ? 'already' : 'recorded',
      memberCount: await this.members.count(householdKey),
      newHeadMemberId: done.newHead,
      foundedHouseholdKey: done.founded,
    };
  }

  /**
   * The member who becomes head when the head leaves: named, and a current member who stays. A
   * head who is the last member leaves without one (the household has no members then).
   */
  private async newHead(
    householdKey: string,
    leaving: HouseholdMemberRow,
    dto: MemberLeaveForm,
    db: Queryable,
  ): Promise<HouseholdMemberRow | null> {
    if (leaving.relation !== 'head') {
      if (dto.newHeadMemberId === undefined) return null;
      throw invalidField(
        'newHeadMemberId',
        'newHeadMemberId goes with the head’s leaving only',
        'only the head’s leaving names a new head',
        'custom',
      );
    }
    if (dto.newHeadMemberId === undefined) {
      const others = (await this.members.current(householdKey, db)).filter(
        (m) => m.member_id !== leaving.member_id,
      );
      if (others.length === 0) return null;
    }
    const named =
      dto.newHeadMemberId === undefined || dto.newHeadMemberId === leaving.member_id
        ? undefined
        : await this.members.find(householdKey, dto.newHeadMemberId, db);
    if (!named || named.left_on !== null) {
      throw new ApiError(
        ErrorCodes.memberNewHeadNeeded,
        422,
        'the head leaves only with newHeadMemberId naming a member who stays',
      );
    }
    return named;
  }

  /** The new head: their relation, and the household's head fields (its key stays). */
  private async makeHead(
    householdKey: string,
    head: HouseholdMemberRow,
    caller: Caller,
    db: Queryable,
  ): Promise<void> {
    const fields = fieldsOf(head);
    const name = this.cipher.decrypt(head.name_sealed, fields.name);
    const residentId = this.cipher.decrypt(head.resident_id_sealed, fields.residentId);
    await this.members.setRelation(head.member_id, 'head', db);
    await this.households.setHead(
      householdKey,
      this.cipher.encrypt(name, PiiFields.headName),
      this.cipher.encrypt(residentId, PiiFields.headResidentId),
      db,
    );
    await this.record(AuditKinds.headChanged, householdKey, `${head.member_id}`, caller, db);
  }

  /** A member who left by split founds a household in the same village, as its head. */
  private async found(
    from: HouseholdRow,
    member: HouseholdMemberRow,
    on: string,
    caller: Caller,
    db: Queryable,
  ): Promise<string> {
    const fields = fieldsOf(member);
    const name = this.cipher.decrypt(member.name_sealed, fields.name);
    const residentId = this.cipher.decrypt(member.resident_id_sealed, fields.residentId);
    const householdKey = await this.finder.newKey(residentId, db);
    await this.households.insertFounded(
      {
        household_key: householdKey,
        village_code: from.village_code,
        head_name_sealed: this.cipher.encrypt(name, PiiFields.headName),
        head_resident_id_sealed: this.cipher.encrypt(residentId, PiiFields.headResidentId),
        head_phone_sealed: null,
      },
      db,
    );
    const added = await this.members.add(
      {
        householdKey,
        memberKey: member.member_key,
        nameSealed: this.cipher.encrypt(name, PiiFields.memberName),
        residentIdSealed: this.cipher.encrypt(residentId, PiiFields.memberResidentId),
        relation: 'head',
        conditionsSealed: member.conditions_sealed,
        joinedOn: on,
        joinedReason: 'split',
        joinedBy: caller.actor.id,
      },
      db,
    );
    if (!added) throw new Error('the member who split off is a member elsewhere already');
    await this.record(
      AuditKinds.householdFounded,
      householdKey,
      `${from.household_key} split`,
      caller,
      db,
    );
    return householdKey;
  }

  private record(
    kind: (typeof AuditKinds)[keyof typeof AuditKinds],
    householdKey: string,
    reason: string,
    { actor, request }: Caller,
    db: Queryable,
  ): Promise<void> {
    return this.audit.record(
      { kind, outcome: 'ok', actor, target: householdKey, reason },
      request,
      db,
    );
  }

  private sealConditions(conditions: MemberCondition[]): string | null {
    return conditions.length === 0
      ? null
      : this.cipher.encrypt(JSON.stringify(conditions), PiiFields.memberConditions);
  }

  /** A member as `actor` may see them: conditions (health data) only to those who may read IDs. */
  private view(row: HouseholdMemberRow, actor: Actor): MemberView {
    const fields = fieldsOf(row);
    const residentId = openSealed(this.cipher, row.resident_id_sealed, fields.residentId);
    const health = hasPermission(actor.role, Permissions.householdsReadResidentId);
    const conditions = !health
      ? undefined
      : row.conditions_sealed === null
        ? []
        : (JSON.parse(
            openSealed(this.cipher, row.conditions_sealed, PiiFields.memberConditions) ?? '[]',
          ) as MemberCondition[]);
    return {
      memberId: row.member_id,
      relation: row.relation as MemberView['relation'],
      name: openSealed(this.cipher, row.name_sealed, fields.name) ?? UnreadableName,
      residentId: residentId === undefined ? UnreadableResidentId : maskResidentId(residentId),
      ...(conditions === undefined ? {} : { conditions }),
      joinedOn: row.joined_on,
      joinedReason: row.joined_reason as MemberView['joinedReason'],
    };
  }
}
