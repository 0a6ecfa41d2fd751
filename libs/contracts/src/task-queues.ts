/** One task queue per process kind: each NestJS service hosts its own activities. */
export const TaskQueues = {
  householdCase: 'household-case',
  intake: 'intake',
  verification: 'verification',
  assistance: 'assistance',
  nationalEntry: 'national-entry',
} as const;

export type TaskQueue = (typeof TaskQueues)[keyof typeof TaskQueues];
