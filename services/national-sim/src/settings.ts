import { commonSettings } from '@fanpin/platform';

export const settings = { ...commonSettings(3200) };
