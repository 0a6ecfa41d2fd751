import { Controller, applyDecorators } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

/** A controller of routes under `path`, listed in the document under `tag`. */
export const ApiController = (tag: string, path: string) =>
  applyDecorators(ApiTags(tag), Controller(path));
