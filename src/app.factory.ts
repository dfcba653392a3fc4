import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { JSON_TYPES } from './common/content-type.js';
import { rejectForbiddenInput } from './common/input-limits.js';
import { ApplicationLogger, requestIdOf } from './common/logging.js';
import { describeCrossCutting } from './common/openapi.js';
import { FieldErrorView, ProblemView } from './common/problem.response.js';
import { PROBLEM_BASE, toProblem } from './common/problem.filter.js';
import { RequestContext } from './common/request-context.js';
import { createValidationPipe } from './common/validation.js';
import { docsPolicy, frontPolicy, isDocsPath } from './web/content-security-policy.js';

/**
 * Requests Node's HTTP parser refuses before any middleware sees them (headers over the size
 * limit, malformed request lines) are answered as problem+json too: Node would send a bare 431
 * or 400 with no body. Connections that are already gone are just closed.
 */
function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const requestId = randomUUID();
    const problem = {
      ...toProblem({ status }),
      type: PROBLEM_BASE + (status === 431 ? 'header_fields_too_large' : status === 408 ? 'request_timeout' : 'bad_request'),
      detail:
        status === 431
          ? 'The request headers are larger than this service accepts'
          : status === 408
            ? 'The request took too long to arrive'
            : 'The request could not be read as HTTP',
      requestId,
    };
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('LTT case tracker')
    .setDescription(
      'Courses, service targets, reports and anonymised extracts for the municipal low-threshold treatment offer ' +
        'for children and young people in mental distress (sundhedsloven § 126 a). Errors are application/problem+json (RFC 9457).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  // Problem and FieldError are named components that every 4xx and 5xx response refers to.
  return describeCrossCutting(SwaggerModule.createDocument(app, config, { extraModels: [ProblemView, FieldErrorView] }));
}

/** Builds the fully configured application (used by main, the OpenAPI script and the tests). */
export async function createApp(options: AppModuleOptions): Promise<NestExpressApplication> {
  const { config } = options;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(new ApplicationLogger(app.get(Logger)));
  // The client address (rate limiting, logs) comes through this many trusted proxies; none by default.
  app.set('trust proxy', config.env.TRUST_PROXY_HOPS === 0 ? false : config.env.TRUST_PROXY_HOPS);
  app.disable('x-powered-by');
  // An ETag here is a version (a course's, a contact's), set by the routes that have one; Express's
  // own hash of every other body would cost a SHA-1 of each response and promise nothing.
  app.set('etag', false);
  answerClientErrors(app.getHttpServer());
  app.use((req: Request & { id?: string }, res: Response, next: NextFunction) => {
    req.id = requestIdOf(req);
    res.setHeader('X-Request-Id', req.id);
    next();
  });
  // Security headers; the Content-Security-Policy names the OIDC issuer as the one other origin
  // the web front may talk to (src/web/content-security-policy.ts). Swagger UI has its own.
  const issuer = config.auth.mode === 'oidc' ? config.auth.issuer : undefined;
  const strict = helmet({ contentSecurityPolicy: { useDefaults: false, directives: frontPolicy(issuer) } });
  const docs = helmet({ contentSecurityPolicy: { useDefaults: false, directives: docsPolicy() } });
  app.use((req: Request, res: Response, next: NextFunction) => (isDocsPath(req.path) ? docs : strict)(req, res, next));
  app.use(
    rateLimit({
      windowMs: config.env.THROTTLE_TTL_SECONDS * 1000,
      limit: config.env.THROTTLE_LIMIT,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      skip: (req) => req.path.startsWith('/health'),
      handler: (req, res) => {
        const problem = {
          ...toProblem({ status: 429 }),
          detail: 'Too many requests; slow down and retry later',
          requestId: String(req.id),
        };
        res.status(429).type('application/problem+json').send(JSON.stringify(problem));
      },
    }),
  );
  app.useBodyParser('json', { limit: config.env.BODY_LIMIT, type: JSON_TYPES });
  // Population files (FOLK1A) for POST /api/v1/population; a national file is well under 5 MB.
  app.useBodyParser('text', { type: ['text/csv', 'text/plain'], limit: '5mb' });
  app.use(rejectForbiddenInput);
  // The request context starts after body parsing: body-parser resumes in the socket's async
  // context, which would otherwise lose the store.
  const context = app.get(RequestContext);
  app.use((req: Request & { id: string }, _res: Response, next: NextFunction) => context.run({ requestId: req.id }, next));
  const origins = config.env.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length) app.enableCors({ origin: origins, exposedHeaders: ['ETag', 'X-Request-Id', 'Location'] });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, () => buildOpenApi(app), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
