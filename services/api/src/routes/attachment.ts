import { ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Response } from 'express';

import type { OfficeFormat } from '@fanpin/platform';

/** What an office file a route answers is, for the document. */
const OfficeFiles: Record<OfficeFormat, string> = {
  xlsx: 'An Excel workbook (Office Open XML)',
  csv: 'One CSV table, UTF-8 with a byte-order mark',
};

/** A route's 200: an office file of `mediaType`, as an attachment. */
export const AnswersFile = (format: OfficeFormat, mediaType: string) =>
  ApiResponse({
    status: 200,
    description: `${OfficeFiles[format]}, as an attachment`,
    content: {
      // OpenAPI 3.1 says a file's type with contentMediaType, which Nest's types do not know.
      [mediaType]: { schema: { type: 'string', contentMediaType: mediaType } as SchemaObject },
    },
  });

/**
 * Answers a file as an attachment, never cached: saved as `fileName` (ASCII), or as `localName` by
 * the clients that read a UTF-8 name (RFC 6266 `filename*`) when there is one.
 */
export function sendAttachment(
  response: Response,
  file: { body: Buffer; contentType: string; fileName: string; localName?: string },
): void {
  const local =
    file.localName === undefined ? '' : `; filename*=UTF-8''${encodeURIComponent(file.localName)}`;
  response
    .status(200)
    .setHeader('Content-Type', file.contentType)
    .setHeader('Content-Disposition', `attachment; filename="${file.fileName}"${local}`)
    .setHeader('Cache-Control', 'no-store')
    .end(file.body);
}
