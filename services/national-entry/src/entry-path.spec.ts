import { entryPathOf } from './entry-path';

describe('the national entry path of a case', () => {
  it('is its township’s when the settings name one, else the deployment’s', () => {
    const townships = ['220681001=township', '220681100=adapter'];
    expect(entryPathOf('220681001', 'adapter', townships)).toBe('township');
    expect(entryPathOf('220681100', 'township', townships)).toBe('adapter');
    expect(entryPathOf('220681101', 'township', townships)).toBe('township');
    expect(entryPathOf('220681101', 'adapter', [])).toBe('adapter');
  });
});
