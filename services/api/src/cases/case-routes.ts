import { pathResource } from '../routes/path-resource';
import { CASE_ID, CaseIdPipe } from './case-id.pipe';

/** The routes of a case, `v1/cases/:caseId/…`. */
export const Case = pathResource(
  'caseId',
  CASE_ID,
  'CASE.NOT_FOUND: no such case, or outside your jurisdiction',
  CaseIdPipe,
);
