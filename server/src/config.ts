import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { compileOrThrow } from './lib/validate.js';

const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  dataDir: Type.String({ minLength: 1 }),
  integrationKey: Type.Optional(Type.String({ minLength: 32, maxLength: 200 })),
  /** Where links point; unset: `http://localhost:<the port actually bound>`. */
  publicUrl: Type.Optional(Type.String({ pattern: '^https?://[^/?#]+(/[^?#]*)?$' })),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
  demo: Type.Boolean(),
  demoPort: Type.Integer({ minimum: 0, maximum: 65535 }),
  trustProxy: Type.Union([Type.Boolean(), Type.Integer({ minimum: 0 }), Type.String()]),
  /** Turns e-mail on: `smtp://user:pass@host:587` or `smtps://…:465`. */
  smtpUrl: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  mailFrom: Type.Optional(Type.String({ minLength: 3, maxLength: 300, pattern: '@' })),
  /** Seals secrets in the mail queue; every instance of one deployment needs the same. */
  secretKey: Type.Optional(Type.String({ minLength: 43 })),
  /** Requests one link may make per 10 minutes (docs/architecture.md "Fair use"); for load tests only. */
  linkRequestLimit: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type Config = Static<typeof ConfigSchema>;

const validateConfig = compileOrThrow(ConfigSchema);

function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Reads and validates the environment once at start-up; a bad value stops the process. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  const config = {
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.AMAGE_DATA_DIR ?? '.amage-data'),
    integrationKey: env.AMAGE_INTEGRATION_KEY || undefined,
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/$/, '') : undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    demo: env.AMAGE_DEMO ? env.AMAGE_DEMO === 'true' : !env.DATABASE_URL,
    demoPort: Number(env.AMAGE_DEMO_PORT ?? (port === 0 ? 0 : port + 1)),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    smtpUrl: env.AMAGE_SMTP_URL || undefined,
    mailFrom: env.AMAGE_MAIL_FROM || undefined,
    secretKey: env.AMAGE_SECRET_KEY || undefined,
    linkRequestLimit: env.AMAGE_LINK_REQUEST_LIMIT ? Number(env.AMAGE_LINK_REQUEST_LIMIT) : undefined,
  };
  validateConfig(config, 'configuration');
  if (config.smtpUrl && !config.mailFrom)
    throw new Error('Invalid configuration: AMAGE_SMTP_URL needs AMAGE_MAIL_FROM (the From of the mail it sends).');
  return config as Config;
}
