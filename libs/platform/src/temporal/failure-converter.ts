import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Temporal loads this module by path (`DataConverter.failureConverterPath`), in the worker and the
 * client and inside the workflow bundle: it must stay free of Node built-ins and of anything but
 * `@temporalio/common`. Failure messages and stack traces move into an encoded payload, which the
 * payload codec then encrypts: they may quote personal data.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
