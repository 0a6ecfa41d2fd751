/**
 * Stable error codes. They travel as `ApplicationFailure.type` out of workflows and activities and as
 * `code` in HTTP error bodies. Messages that go with them never carry personal data.
 */
export const ErrorCodes = {
  inputInvalid: 'INPUT.INVALID',
  inputTooDeep: 'INPUT.TOO_DEEP',
  inputTooLarge: 'INPUT.TOO_LARGE',
  inputMalformedJson: 'INPUT.MALFORMED_JSON',
  phoneInvalid: 'PHONE.INVALID',
  authRequired: 'AUTH.REQUIRED',
  authTokenInvalid: 'AUTH.TOKEN_INVALID',
  authTokenExpired: 'AUTH.TOKEN_EXPIRED',
  authBadCredentials: 'AUTH.BAD_CREDENTIALS',
  authLocked: 'AUTH.LOCKED',
  accessDenied: 'ACCESS.DENIED',
  accountExists: 'ACCOUNT.EXISTS',
  accountNotFound: 'ACCOUNT.NOT_FOUND',
  accountScopeInvalid: 'ACCOUNT.SCOPE_INVALID',
  householdNotFound: 'HOUSEHOLD.NOT_FOUND',
  alertNotFound: 'ALERT.NOT_FOUND',
  alertWrongBureau: 'ALERT.WRONG_BUREAU',
  divisionUnknown: 'DIVISION.UNKNOWN',
  residentIdInvalid: 'RESIDENT_ID.INVALID',
  caseNotFound: 'CASE.NOT_FOUND',
  caseDuplicateOpen: 'CASE.DUPLICATE_OPEN',
  caseWrongStage: 'CASE.WRONG_STAGE',
  taskNotOpen: 'CASE.TASK_NOT_OPEN',
  taskAlreadyDone: 'CASE.TASK_ALREADY_DONE',
  decisionInvalid: 'CASE.DECISION_INVALID',
  eliminationRefused: 'CASE.ELIMINATION_REFUSED',
  alertConflict: 'ALERT.CONFLICT',
  nationalRejected: 'NATIONAL.REJECTED',
  nationalUnavailable: 'NATIONAL.UNAVAILABLE',
  temporalUnavailable: 'TEMPORAL.UNAVAILABLE',
  calendarNotCovered: 'CALENDAR.NOT_COVERED',
  internal: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
