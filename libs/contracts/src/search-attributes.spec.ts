import { readFileSync } from 'node:fs';
import path from 'node:path';

import { searchAttributeRegistrations } from './search-attributes';

describe('the custom search attributes', () => {
  it('are registered by the deployment script exactly as the contract defines them', () => {
    const script = readFileSync(
      path.resolve(__dirname, '../../../deploy/kubernetes/fanpin/files/register-namespace.sh'),
      'utf8',
    );
    const listed = /ATTRIBUTES='\n([^']*)'/.exec(script)?.[1]?.trim().split('\n') ?? [];
    expect(listed.sort()).toEqual(searchAttributeRegistrations().sort());
  });
});
