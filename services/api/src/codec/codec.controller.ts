import {
  Body,
  Controller,
  Headers,
  HttpCode,
  Inject,
  Options,
  Post,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExcludeEndpoint,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { Permissions } from '@fanpin/contracts';
import { EncryptionCodec, payloadCodecKeys } from '@fanpin/platform';

import { Public, RequirePermission } from '../auth/permission.decorator';
import { ApiError } from '../errors/api-error';
import { API_CONFIG, type ApiConfig } from '../settings';
import { CodecCorsInterceptor } from './codec-cors.interceptor';
import { applyCodec, CodecErrorCodes, MAX_CODEC_PAYLOADS, type CodecBody } from './codec-payloads';

const payloadsSchema = {
  type: 'object',
  required: ['payloads'],
  properties: {
    payloads: {
      type: 'array',
      maxItems: MAX_CODEC_PAYLOADS,
      items: {
        type: 'object',
        properties: {
          metadata: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
          data: { type: 'string', format: 'byte' },
        },
      },
    },
  },
};

/**
 * Codec server of the Temporal Web UI and CLI (`temporal ... --codec-endpoint <api>/codec`): the
 * payload codec of the workers, over HTTP, so that people allowed to can read what Temporal stores
 * encrypted. Protocol: POST {endpoint}/decode and /encode with `{ payloads: [...] }` in proto3 JSON.
 */
// Decode reveals what workflows carry: supervisors only, with a bearer token or the session cookie
// set at sign-in (the Web UI sends credentials, not headers). The preflight carries no credentials.
@ApiTags('codec')
@ApiBearerAuth()
@Controller('codec')
@UseInterceptors(CodecCorsInterceptor)
export class CodecController {
  private readonly codec: EncryptionCodec;
  private readonly namespace: string;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.codec = new EncryptionCodec(payloadCodecKeys(config));
    this.namespace = config.TEMPORAL_NAMESPACE;
  }

  @Options(['decode', 'encode'])
  @Public()
  @HttpCode(204)
  @ApiExcludeEndpoint()
  preflight(): void {}

  @Post('decode')
  @RequirePermission(Permissions.payloadsDecode)
  @HttpCode(200)
  @ApiOperation({ summary: 'Decrypt payloads of workflow histories (Temporal codec server)' })
  @ApiHeader({ name: 'X-Namespace', required: false })
  @ApiBody({ schema: payloadsSchema })
  @ApiOkResponse({ schema: payloadsSchema })
  decode(@Body() body: unknown, @Headers('x-namespace') namespace?: string): Promise<CodecBody> {
    this.checkNamespace(namespace);
    return applyCodec(this.codec, 'decode', body);
  }

  @Post('encode')
  @RequirePermission(Permissions.payloadsDecode)
  @HttpCode(200)
  @ApiOperation({ summary: 'Encrypt payloads, as the workers do (Temporal codec server)' })
  @ApiHeader({ name: 'X-Namespace', required: false })
  @ApiBody({ schema: payloadsSchema })
  @ApiOkResponse({ schema: payloadsSchema })
  encode(@Body() body: unknown, @Headers('x-namespace') namespace?: string): Promise<CodecBody> {
    this.checkNamespace(namespace);
    return applyCodec(this.codec, 'encode', body);
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
