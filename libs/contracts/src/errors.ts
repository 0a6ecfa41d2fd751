/**
 * Stable error codes. They travel as `ApplicationFailure.type` out of workflows and activities and as
 * `code` in HTTP error bodies. Messages that go with them never carry personal data.
 */
export const ErrorCodes = {
  inputInvalid: 'INPUT.INVALID',
  inputTooDeep: 'INPUT.TOO_DEEP',
  inputTooLarge: 'INPUT.TOO_LARGE',
  inputMalformedJson: 'INPUT.MALFORMED_JSON',
  inputUnsupportedMediaType: 'INPUT.UNSUPPORTED_MEDIA_TYPE',
  phoneInvalid: 'PHONE.INVALID',
  authRequired: 'AUTH.REQUIRED',
  authTokenInvalid: 'AUTH.TOKEN_INVALID',
  authTokenExpired: 'AUTH.TOKEN_EXPIRED',
  /** The console's session cookie holds an expired session: sign in again (keep the form). */
  authSessionExpired: 'AUTH.SESSION_EXPIRED',
  /** The console's session was ended elsewhere (signed out, or the password changed). */
  authSessionEnded: 'AUTH.SESSION_ENDED',
  /** A write by session cookie without a valid X-CSRF-Token, or sent from another site. */
  authCsrf: 'AUTH.CSRF',
  authBadCredentials: 'AUTH.BAD_CREDENTIALS',
  authLocked: 'AUTH.LOCKED',
  /** Sign-in is busy (its password-hashing queue is full): try again after `Retry-After`. */
  authBusy: 'AUTH.BUSY',
  /** Too many requests, or too many failed sign-ins, from one client address: see `Retry-After`. */
  rateLimited: 'RATE.LIMITED',
  accessDenied: 'ACCESS.DENIED',
  accountExists: 'ACCOUNT.EXISTS',
  accountNotFound: 'ACCOUNT.NOT_FOUND',
  accountScopeInvalid: 'ACCOUNT.SCOPE_INVALID',
  householdNotFound: 'HOUSEHOLD.NOT_FOUND',
  /** The person is a current member of another household: one household at a time. */
  memberInOtherHousehold: 'MEMBER.IN_OTHER_HOUSEHOLD',
  memberNotFound: 'MEMBER.NOT_FOUND',
  /** The member left before, for another reason or on another day. */
  memberAlreadyLeft: 'MEMBER.ALREADY_LEFT',
  /** The head leaves only with a new head named among the members who stay. */
  memberNewHeadNeeded: 'MEMBER.NEW_HEAD_NEEDED',
  alertNotFound: 'ALERT.NOT_FOUND',
  alertWrongBureau: 'ALERT.WRONG_BUREAU',
  divisionUnknown: 'DIVISION.UNKNOWN',
  residentIdInvalid: 'RESIDENT_ID.INVALID',
  caseNotFound: 'CASE.NOT_FOUND',
  /**
   * A workflow validator's refusal of an account whose jurisdiction does not hold the case's
   * household. Internal: the API audits it and answers CASE.NOT_FOUND, as for a case that does not
   * exist, so that ids reveal nothing outside one's jurisdiction.
   */
  caseOutOfScope: 'CASE.OUT_OF_SCOPE',
  caseDuplicateOpen: 'CASE.DUPLICATE_OPEN',
  caseWrongStage: 'CASE.WRONG_STAGE',
  taskNotOpen: 'CASE.TASK_NOT_OPEN',
  taskAlreadyDone: 'CASE.TASK_ALREADY_DONE',
  decisionInvalid: 'CASE.DECISION_INVALID',
  eliminationRefused: 'CASE.ELIMINATION_REFUSED',
  /** A fast track the case's policy does not allow, or for a case with no emergency relief. */
  fastTrackRefused: 'CASE.FAST_TRACK_REFUSED',
  alertConflict: 'ALERT.CONFLICT',
  batchConflict: 'BATCH.CONFLICT',
  batchNotFound: 'BATCH.NOT_FOUND',
  batchTooLarge: 'BATCH.TOO_LARGE',
  batchUnreadable: 'BATCH.UNREADABLE',
  batchEmpty: 'BATCH.EMPTY',
  reportNotFound: 'REPORT.NOT_FOUND',
  nationalRejected: 'NATIONAL.REJECTED',
  nationalUnavailable: 'NATIONAL.UNAVAILABLE',
  /** An export that is neither readable CSV nor a readable workbook, or lacks a required column. */
  nationalExportUnreadable: 'NATIONAL.EXPORT_UNREADABLE',
  nationalExportEmpty: 'NATIONAL.EXPORT_EMPTY',
  nationalExportTooLarge: 'NATIONAL.EXPORT_TOO_LARGE',
  reconciliationNotFound: 'RECONCILIATION.NOT_FOUND',
  differenceNotFound: 'RECONCILIATION.DIFFERENCE_NOT_FOUND',
  meetingNotFound: 'MEETING.NOT_FOUND',
  /** The same meeting id with other content: a meeting is never changed once recorded. */
  meetingConflict: 'MEETING.CONFLICT',
  /** A household of the list whose case does not wait for this appraisal in this village. */
  meetingCaseNotWaiting: 'MEETING.CASE_NOT_WAITING',
  temporalUnavailable: 'TEMPORAL.UNAVAILABLE',
  /** PostgreSQL cannot be reached right now: the same request may succeed after `Retry-After`. */
  databaseUnavailable: 'DATABASE.UNAVAILABLE',
  /** An entered year arrangement (放假调休) that says otherwise than the packaged calendar. */
  calendarContradictsPackage: 'CALENDAR.CONTRADICTS_PACKAGE',
  /** No draft of the year's policy, or not the revision named: nothing to publish or edit. */
  policyDraftNotFound: 'POLICY.DRAFT_NOT_FOUND',
  /** A published policy year is never changed: a correction is the year's next revision. */
  policyPublished: 'POLICY.PUBLISHED',
  /** A year's validity period overlaps another published year's. */
  policyValidityOverlap: 'POLICY.VALIDITY_OVERLAP',
  /** The case runs under the published policy already: there is nothing to move it to. */
  policyAlreadyAdopted: 'POLICY.ALREADY_ADOPTED',
  /**
   * A command that reached a case without the API's valid signature: sent to Temporal by someone
   * other than the API. Refused, and audited as refused by the case.
   */
  commandNotIssued: 'COMMAND.NOT_ISSUED',
  /**
   * A command signed with a key the case does not know yet (a key rotated in since the case last
   * read its worker's keys). Internal: the API tells the case to read them again and retries.
   */
  commandKeyUnknown: 'COMMAND.KEY_UNKNOWN',
  /** A triage item named in a decision that is not in the caller's jurisdiction, or none at all. */
  triageItemNotFound: 'TRIAGE.ITEM_NOT_FOUND',
  /** A triage item was decided before otherwise (confirmed, or dismissed for another reason). */
  triageDecidedOtherwise: 'TRIAGE.DECIDED_OTHERWISE',
  internal: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Codes of the API's HTTP edge itself: no such route, or a dependency down before any route runs. */
export const EdgeErrorCodes = {
  routeNotFound: 'ROUTE.NOT_FOUND',
  routeMethodNotAllowed: 'ROUTE.METHOD_NOT_ALLOWED',
  serviceNotReady: 'SERVICE.NOT_READY',
} as const;

/** Codes of the API's codec endpoints (`/codec`), for Temporal's tools. None carries payload content. */
export const CodecErrorCodes = {
  invalidRequest: 'CODEC.INVALID_REQUEST',
  unknownNamespace: 'CODEC.UNKNOWN_NAMESPACE',
  originNotAllowed: 'CODEC.ORIGIN_NOT_ALLOWED',
  unknownKey: 'CODEC.UNKNOWN_KEY',
  undecryptable: 'CODEC.UNDECRYPTABLE',
  malformedPayload: 'CODEC.MALFORMED_PAYLOAD',
} as const;

/** Every code an HTTP error body of the API may carry: the one catalogue clients can rely on. */
export const ApiErrorCodes: ReadonlySet<string> = new Set([
  ...Object.values(ErrorCodes),
  ...Object.values(EdgeErrorCodes),
  ...Object.values(CodecErrorCodes),
]);
