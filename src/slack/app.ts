/**
 * Builds the Bolt app for one runtime: the receiver (HTTP for Heroku, Socket Mode for
 * development, Lambda), the routes table, and the guards every request passes first (Slack
 * retries and duplicate deliveries never run a question twice). Transport is all that differs
 * between runtimes; handlers and jobs are the same everywhere.
 */
import {
  App,
  AwsLambdaReceiver,
  HTTPReceiver,
  LogLevel,
  type AnyMiddlewareArgs,
  type AllMiddlewareArgs,
  type CustomRoute,
  type Receiver,
} from '@slack/bolt';
import { TrailError } from '../core/errors.js';
import type { Config, ReceiverKind } from '../runtime/config.js';
import { AllowList } from './allow-list.js';
import type { Dispatch, SlackDeps } from './deps.js';
import { InProcessJobs } from './dispatch.js';
import type { Job } from './jobs.js';
import { registerRoutes } from './routes.js';
import { runJob, type JobEnv } from './run-job.js';
import { TimeZones } from './time-zones.js';
import { TtlCache } from './ttl-cache.js';

/** What an extra HTTP route may use once the app exists (read it in the handler, not before). */
export interface RouteContext {
  readonly app: App;
  readonly config: Config;
  readonly deps: SlackDeps;
}

/** Contributes HTTP routes besides /slack/events, e.g. GET /healthz or POST /alerts/sns. */
export type RouteFactory = (ctx: RouteContext) => CustomRoute[];

export interface SlackAppOptions {
  /** HTTP and Socket Mode receivers only; AwsLambdaReceiver has no custom routes. */
  extraRoutes?: readonly RouteFactory[];
  /** Known bot identity: Bolt then skips auth.test (tests; faster Lambda cold starts). */
  botId?: string;
  botUserId?: string;
  logLevel?: LogLevel;
}

export interface SlackApp {
  app: App;
  /** The AwsLambdaReceiver for `lambda`, so the entry can build its handler. */
  lambdaReceiver?: AwsLambdaReceiver;
  /** Runs a job here and now (the second Lambda invocation calls this). */
  runJob: (job: Job) => Promise<void>;
  /** Waits for jobs running in this process (graceful shutdown, tests). */
  drain: () => Promise<void>;
  /**
   * Resolves once Bolt knows the bot's identity (auth.test), before the app serves anything;
   * rejects with a `config` TrailError when Slack refuses the token. A failure is not kept, so
   * the next call (the next Lambda invocation) tries again.
   */
  ready: () => Promise<void>;
}

/** How long a trigger_id is remembered to drop duplicate deliveries of one request. */
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

type GuardArgs = AnyMiddlewareArgs & AllMiddlewareArgs;

/**
 * Slack re-sends a request it thinks timed out (`X-Slack-Retry-Num`). The first delivery is
 * already being answered, so a retry — or the same trigger_id seen again — is acked and dropped.
 */
function duplicateGuard(log: SlackDeps['log']) {
  const seen = new TtlCache<true>(DUPLICATE_WINDOW_MS);
  return async (args: GuardArgs): Promise<void> => {
    const { context, body, next } = args;
    const trigger = (body as { trigger_id?: unknown }).trigger_id;
    const retried = context.retryNum !== undefined && Number(context.retryNum) > 0;
    const repeated = typeof trigger === 'string' && seen.seen(trigger, true);
    if (retried || repeated) {
      log.info('duplicate delivery dropped', {
        retryNum: context.retryNum,
        reason: context.retryReason,
      });
      if ('ack' in args && typeof args.ack === 'function')
        await (args.ack as () => Promise<void>)();
      return;
    }
    await next();
  };
}

function routesFor(ctx: RouteContext, factories: readonly RouteFactory[]): CustomRoute[] {
  return factories.flatMap((factory) => factory(ctx));
}

/**
 * Example: `const { app } = createSlackApp(config, deps, 'http'); await app.start(config.port);`
 */
export function createSlackApp(
  config: Config,
  deps: SlackDeps,
  kind: ReceiverKind,
  options: SlackAppOptions = {},
): SlackApp {
  // Routes are built before the receiver, and the receiver before the app: handlers reach the
  // app through this holder once it exists.
  const holder: { app?: App } = {};
  const ctx: RouteContext = {
    get app(): App {
      if (holder.app === undefined) throw new Error('the Slack app is not built yet');
      return holder.app;
    },
    config,
    deps,
  };
  const customRoutes = routesFor(ctx, options.extraRoutes ?? []);
  // Without a known identity Bolt calls auth.test. Left to its constructor, that call's failure
  // (revoked token, Slack unreachable at a cold start) is an unhandled rejection that kills the
  // process; deferred, it happens in ready(), where the entry can await it and say what is wrong.
  const knownIdentity = options.botId !== undefined && options.botUserId !== undefined;
  const common = {
    token: config.slack.botToken,
    deferInitialization: !knownIdentity,
    ...(options.botId !== undefined ? { botId: options.botId } : {}),
    ...(options.botUserId !== undefined ? { botUserId: options.botUserId } : {}),
    logLevel: options.logLevel ?? LogLevel.WARN,
    clientOptions: {
      ...(config.slack.apiUrl !== undefined ? { slackApiUrl: config.slack.apiUrl } : {}),
      // On Lambda a long 429 wait would outlive the invocation; fail fast and let the job report it.
      ...(kind === 'lambda' ? { retryConfig: { retries: 2 } } : {}),
    },
  };
  let receiver: Receiver | undefined;
  let lambdaReceiver: AwsLambdaReceiver | undefined;
  const signingSecret = config.slack.signingSecret ?? '';
  if (kind === 'http') {
    receiver = new HTTPReceiver({
      signingSecret,
      endpoints: '/slack/events',
      customRoutes,
      // The ack goes out the moment a handler calls ack(); the job runs after.
      processBeforeResponse: false,
    });
  } else if (kind === 'lambda') {
    lambdaReceiver = new AwsLambdaReceiver({ signingSecret });
    receiver = lambdaReceiver;
  }
  const app =
    kind === 'socket'
      ? new App({
          ...common,
          socketMode: true,
          ...(config.slack.appToken !== undefined ? { appToken: config.slack.appToken } : {}),
          ...(customRoutes.length > 0
            ? { customRoutes, installerOptions: { port: config.port } }
            : {}),
        })
      : new App({ ...common, ...(receiver ? { receiver } : {}) });
  holder.app = app;

  const env: JobEnv = { deps, config, client: app.client, timeZones: new TimeZones(app.client) };
  const jobs = new InProcessJobs((job) => runJob(job, env));
  const dispatch: Dispatch = deps.dispatch ?? jobs.dispatch;
  app.use(duplicateGuard(deps.log));
  registerRoutes(app, {
    config,
    deps,
    allowList: new AllowList(config.allow, app.client),
    dispatch,
  });
  app.error(async (error) => {
    deps.log.error('unhandled Slack error', { reason: error.code ?? error.name });
  });
  let initialized: Promise<void> | undefined = knownIdentity ? Promise.resolve() : undefined;
  const ready = (): Promise<void> =>
    (initialized ??= app.init().catch((error: unknown) => {
      initialized = undefined;
      throw slackRefused(error);
    }));
  return {
    app,
    ...(lambdaReceiver ? { lambdaReceiver } : {}),
    runJob: (job) => runJob(job, env),
    drain: () => jobs.drain(),
    ready,
  };
}

/** auth.test's failure, said as what to fix; the token itself is never part of the message. */
function slackRefused(error: unknown): TrailError {
  const code = (error as { data?: { error?: unknown } }).data?.error;
  const reason =
    typeof code === 'string' ? code : error instanceof Error ? error.message : 'failed';
  return new TrailError(
    'config',
    `Slack did not accept SLACK_BOT_TOKEN (auth.test: ${reason}). ` +
      'Check the bot token (xoxb-…) of the installed app; `trailhound doctor` checks it too.',
    { reason },
    { cause: error },
  );
}
