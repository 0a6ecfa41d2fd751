import { ConfigError, loadConfig, setting } from './config';

const spec = {
  PORT: setting.int({ min: 1, max: 65535 }),
  LEVEL: setting.oneOf(['info', 'debug'] as const, 'info'),
  DATABASE_URL: setting.url({ protocols: ['postgres'], secret: true }),
  KEY: setting.secret({ minLength: 8 }),
};

describe('loadConfig', () => {
  it('parses and applies defaults', () => {
    const config = loadConfig(spec, {
      PORT: '3000',
      DATABASE_URL: 'postgres://h/db',
      KEY: '12345678',
    });
    expect(config).toEqual({
      PORT: 3000,
      LEVEL: 'info',
      DATABASE_URL: 'postgres://h/db',
      KEY: '12345678',
    });
  });

  it('reports every problem at once, without secret values', () => {
    let error: unknown;
    try {
      loadConfig(spec, { PORT: '70000', LEVEL: 'loud', DATABASE_URL: 'mysql://x', KEY: 'abc' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      'PORT must be an integer from 1 to 65535',
      'LEVEL must be one of info, debug',
      'DATABASE_URL must be a postgres URL',
      'KEY must be at least 8 characters',
    ]);
    expect((error as Error).message).not.toContain('abc');
  });

  it('requires secrets', () => {
    expect(() => loadConfig(spec, { PORT: '1', DATABASE_URL: 'postgres://h/db' })).toThrow(
      'KEY is required',
    );
  });
});

describe('setting.list', () => {
  const lists = {
    ORIGINS: setting.list({ default: ['http://a:1'], pattern: /^https?:\/\/[^\s/,]+$/ }),
    OLD_KEYS: setting.list({ minLength: 8, secret: true }),
  };

  it('splits on commas, trims, and falls back to the default or to nothing', () => {
    expect(loadConfig(lists, {})).toEqual({ ORIGINS: ['http://a:1'], OLD_KEYS: [] });
    expect(loadConfig(lists, { ORIGINS: ' http://b:2 , https://c ', OLD_KEYS: '' })).toEqual({
      ORIGINS: ['http://b:2', 'https://c'],
      OLD_KEYS: [],
    });
  });

  it('names the position of a bad item, never a secret value', () => {
    expect(() => loadConfig(lists, { ORIGINS: 'http://b:2,ftp://x' })).toThrow(
      'ORIGINS: item 2 must match',
    );
    let error: unknown;
    try {
      loadConfig(lists, { OLD_KEYS: '12345678,short' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      'OLD_KEYS: item 2 must be at least 8 characters',
    ]);
    expect((error as Error).message).not.toContain('short');
  });
});
