import type { Provider } from '@nestjs/common';

import { PiiCipher } from '@fanpin/persistence';

import { API_CONFIG, type ApiConfig } from '../settings';

export const piiCipherProvider: Provider = {
  provide: PiiCipher,
  useFactory: (config: ApiConfig) => new PiiCipher(config.PII_ENCRYPTION_KEY),
  inject: [API_CONFIG],
};
