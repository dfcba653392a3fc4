import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Response } from 'express';
import { WebConfigController } from './web-config.controller.js';

/** Where `npm start` (scripts/web-build.mjs) builds the front: web/dist beside src/. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Paths the front never answers: the API, the API docs, the health checks and the web
 * configuration keep their own routes and their JSON problem 404s; a missing build asset is a
 * 404 too, not the index page. Every other GET is a client route and gets index.html.
 */
export const NOT_CLIENT_ROUTES = /^\/(api|docs|health)(\/|$)|^\/web-config\.json$|^\/assets\//;

/**
 * Serves the built web front (web/dist) with its client-side routes falling back to
 * index.html. Without a build (a test of the API alone) only /web-config.json is served.
 */
@Module({})
export class WebModule {
  static register(root: string = WEB_DIST): DynamicModule {
    const built = existsSync(join(root, 'index.html'));
    return {
      module: WebModule,
      imports: built
        ? [
            ServeStaticModule.forRoot({
              rootPath: root,
              exclude: NOT_CLIENT_ROUTES,
              serveStaticOptions: {
                index: false,
                // Hashed file names under /assets never change; the index page always revalidates.
                setHeaders: (res: Response, path: string) =>
                  res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
              },
            }),
          ]
        : [],
      controllers: [WebConfigController],
    };
  }
}
