import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { Logger, Params } from 'nestjs-pino';
import pretty from 'pino-pretty';

/**
 * Anything shaped like a CPR number (DDMMYY-SSSS or DDMMYYSSSS) standing alone: not inside a
 * longer run of letters and digits, so the ids a client was given stay whole in the log (about
 * one UUID in forty holds ten digits in a row in its last group, as `…-a0101011234b`).
 */
const CPR_LIKE = /(?<![0-9A-Za-z])[0-3][0-9][01][0-9]{3}-?[0-9]{4}(?![0-9A-Za-z])/g;
/** The same pattern without the global flag, for a test that keeps no position between calls. */
const CPR_LIKE_ONCE = new RegExp(CPR_LIKE.source);

/** Whether the text holds anything shaped like a CPR number (as `scrubCpr` would replace). */
export function looksLikeCpr(text: string): boolean {
  return CPR_LIKE_ONCE.test(text);
}

export function scrubCpr(text: string): string {
  return text.replace(CPR_LIKE, '[redacted]');
}

export interface LogSink {
  write(line: string): void;
}

/**
 * The last line of defence: every serialised log line passes through here, and anything that
 * looks like a CPR number is replaced before it reaches stdout. Code must still never log one.
 */
export function scrubbingSink(target: LogSink = process.stdout): LogSink {
  return { write: (line: string) => target.write(scrubCpr(line)) };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Ten digits in a row, with or without a hyphen after the sixth: what a CPR number could be. */
const TEN_DIGITS = /[0-9]{6}-?[0-9]{4}/;

/**
 * Accept the caller's X-Request-Id when it is sane, else make one. An id that could hold a CPR
 * number is not sane: it would be echoed, logged and kept in the audit log.
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) && !TEN_DIGITS.test(given) ? given : randomUUID();
}

export function loggerParams(level: string, sink: LogSink): Params {
  return {
    pinoHttp: [
      {
        level,
        genReqId: (req: IncomingMessage & { id?: string }) => req.id ?? requestIdOf(req),
        // Only the path: query strings and headers are not logged (tokens, and anything a caller
        // might wrongly put in a URL).
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({
            id: req.id,
            method: req.method,
            path: req.url.split('?')[0],
          }),
          res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        },
        redact: { paths: ['req.headers', 'res.headers', '*.authorization', '*.cpr', '*.token'], remove: true },
        customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
          err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        customProps: (req: IncomingMessage & { id?: string }) => ({ requestId: req.id }),
        autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
      },
      sink,
    ],
    exclude: [],
  } as unknown as Params;
}

/**
 * Where log lines go: readable lines (pino-pretty) for a developer at a terminal, JSON lines for
 * everything else (production, pipes, log collectors, tests). Either way after CPR scrubbing.
 */
export function logSinkFor(stdout: { isTTY?: boolean }, nodeEnv: string): 'pretty' | 'json' {
  return stdout.isTTY && nodeEnv !== 'production' ? 'pretty' : 'json';
}

/** A sink printing readable lines to stdout; JSON lines written to it come out pretty. */
export function prettySink(): LogSink {
  return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination: 1, sync: true });
}

/** Nest's start-up chatter: one line per module and per mapped route, useful only when debugging. */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/**
 * The application logger: nestjs-pino's, with Nest's start-up messages moved down to debug so a
 * start does not flood the terminal with the route table before the banner.
 */
export class ApplicationLogger implements LoggerService {
  constructor(private readonly inner: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) this.inner.debug(message, ...rest);
    else this.inner.log(message, ...rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.inner.error(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.inner.warn(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose(message, ...rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.inner.fatal(message, ...rest);
  }
}
