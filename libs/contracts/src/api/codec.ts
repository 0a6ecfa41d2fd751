import { z } from '../forms/zod';

import { view } from './fields';

/** Proto3 JSON `bytes`: base64. */
const bytes = z.string().meta({ contentEncoding: 'base64' });

/** A Temporal payload in proto3 JSON, as the codec server protocol carries it. */
export const CodecPayload = view('CodecPayload', {
  metadata: z.record(z.string(), bytes).optional(),
  data: bytes.optional(),
});

/** The body of the Temporal codec server protocol, both ways (`/codec/decode`, `/codec/encode`). */
export const CodecPayloads = view('CodecPayloads', {
  payloads: z.array(CodecPayload).max(1000),
});
export type CodecPayloads = z.infer<typeof CodecPayloads>;
