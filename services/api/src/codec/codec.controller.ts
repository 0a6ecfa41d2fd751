import {
  Body,
  Headers,
  HttpCode,
  Inject,
  Options,
  Post,
  Req,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { ApiExcludeEndpoint, ApiHeader, ApiOperation, ApiSecurity } from '@nestjs/swagger';

import { CodecErrorCodes, CodecPayloads, Permissions, type Actor } from '@fanpin/contracts';
import { EncryptionCodec, payloadCodecKeys } from '@fanpin/platform';

import { AuditKinds, AuditLog, type AuditedRequest } from '../audit/audit-log';
import { Public, RequirePermission } from '../auth/permission.decorator';
import { ApiError } from '../errors/api-error';
import { Answers, Fails, Takes } from '../openapi/answers';
import { ApiController } from '../routes/api-controller';
import { API_CONFIG, type ApiConfig } from '../settings';
import { CodecCorsInterceptor } from './codec-cors.interceptor';
import { decodeAll, type CodecBody } from './codec-payloads';

/** What both codec routes take, answer and refuse; the session cookie stands for the token here. */
const CodecRoute = (summary: string) =>
  applyDecorators(
    RequirePermission(Permissions.payloadsDecode),
    ApiSecurity('session'),
    HttpCode(200),
    ApiOperation({ summary }),
    ApiHeader({ name: 'x-namespace', required: false, description: 'Temporal namespace' }),
    Takes(CodecPayloads),
    Answers(200, CodecPayloads, 'The payloads, in order'),
    Fails(
      400,
      'CODEC.INVALID_REQUEST, CODEC.UNKNOWN_NAMESPACE: a body not in the protocol, or another namespace',
    ),
    Fails(403, 'CODEC.ORIGIN_NOT_ALLOWED: a browser origin that is not the Web UI'),
    Fails(
      422,
      'CODEC.UNKNOWN_KEY, CODEC.UNDECRYPTABLE, CODEC.MALFORMED_PAYLOAD: a payload that cannot be decoded (details names it)',
    ),
  );

/**
 * Codec server of the Temporal Web UI and CLI (`temporal ... --codec-endpoint <api>/codec`): the
 * payload codec of the workers, over HTTP, so that people allowed to can read what Temporal stores
 * encrypted. Protocol: POST {endpoint}/decode with `{ payloads: [...] }` in proto3 JSON. There is
 * no /encode: supervisors' tools are read-only (the Web UI runs without write actions), and nobody
 * but the system's own processes writes encrypted payloads.
 */
// Decode reveals what workflows carry: supervisors only, with a bearer token or the session cookie
// set at sign-in (the Web UI sends credentials, not headers). The preflight carries no credentials.
@ApiController('codec', 'codec')
@UseInterceptors(CodecCorsInterceptor)
export class CodecController {
  private readonly codec: EncryptionCodec;
  private readonly namespace: string;

  constructor(
    @Inject(API_CONFIG) config: ApiConfig,
    private readonly audit: AuditLog,
  ) {
    // What was sent in the clear is shown as it is: a supervisor looking into a forgery sees it.
    this.codec = new EncryptionCodec(payloadCodecKeys(config), 'pass');
    this.namespace = config.TEMPORAL_NAMESPACE;
  }

  @Options('decode')
  @Public()
  @HttpCode(204)
  @ApiExcludeEndpoint()
  preflight(): void {}

  @Post('decode')
  @CodecRoute('Decrypt payloads of workflow histories (Temporal codec server)')
  async decode(
    @Body() body: unknown,
    @Req() request: AuditedRequest & { actor?: Actor },
    @Headers('x-namespace') namespace?: string,
  ): Promise<CodecBody> {
    this.checkNamespace(namespace);
    const decoded = await decodeAll(this.codec, body);
    // Every read of what Temporal holds sealed is audited, before it is answered: who, how much.
    // (The codec protocol does not say which workflow the payloads come from.)
    await this.audit.record(
      {
        kind: AuditKinds.payloadsDecoded,
        outcome: 'ok',
        actor: request.actor ?? null,
        target: this.namespace,
        reason: `payloads:${decoded.payloads.length}`,
      },
      request,
    );
    return decoded;
  }

  /** The keys belong to this system's namespace; another namespace's payloads are not ours. */
  private checkNamespace(namespace: string | undefined): void {
    if (namespace && namespace !== this.namespace) {
      throw new ApiError(
        CodecErrorCodes.unknownNamespace,
        400,
        `this codec serves the namespace ${this.namespace} only`,
      );
    }
  }
}
