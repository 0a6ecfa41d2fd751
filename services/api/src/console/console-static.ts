import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';

/** Paths of the API itself: never answered with the console's page. */
const API_PATHS = /^\/(v1|docs|codec|health)(\/|$)/;

/**
 * Where the built console is: CONSOLE_DIR, else services/console/dist beside this service (the
 * repository's layout, which the images keep). The API serves no console when none is built.
 */
export function consoleDirectory(configured: string): string | undefined {
  const dir = configured !== '' ? configured : path.resolve(__dirname, '../../../console/dist');
  return existsSync(path.join(dir, 'index.html')) ? dir : undefined;
}

/**
 * Serves the staff console from the API's own origin, so that its session cookie needs no CORS.
 * Hashed assets are cached for a year; the page itself is never cached, so a new release is
 * picked up at the next navigation. Any other GET that asks for HTML gets the page (the console
 * routes in the browser); requests to the API's own paths pass through untouched.
 */
export function consoleHandlers(dir: string): RequestHandler[] {
  const page = readFileSync(path.join(dir, 'index.html'));
  const files = express.static(dir, {
    index: false,
    setHeaders: (response, file) => {
      const hashed = file.startsWith(path.join(dir, 'assets') + path.sep);
      response.setHeader(
        'cache-control',
        hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const fallback = (request: Request, response: Response, next: NextFunction): void => {
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !API_PATHS.test(request.path) &&
      request.accepts(['json', 'html']) === 'html';
    if (!wantsPage) return next();
    response.setHeader('cache-control', 'no-cache');
    response.type('html').send(page);
  };
  const staticFiles: RequestHandler = (request, response, next) =>
    API_PATHS.test(request.path) ? next() : files(request, response, next);
  return [staticFiles, fallback];
}
