import type { Knex } from 'knex';
import * as access from './20261127120000_access.js';
import * as events from './20261127120100_events.js';
import * as jobs from './20261127120200_jobs.js';
import * as attachments from './20261127120300_attachments.js';
import * as supplier from './20261127120400_supplier.js';
import * as stepUp from './20261127120410_step_up.js';
import * as subcontractor from './20261127120500_subcontractor.js';
import * as customers from './20261128100000_customers.js';
import * as webhooks from './20261129100000_webhooks.js';
import * as sessionRotation from './20261129120000_session_rotation.js';
import * as mail from './20261202100000_mail.js';
import * as sessionReplay from './20261202120000_session_replay.js';
import * as fieldUsers from './20261202180000_field_users.js';

/** Migrations in order. Static imports work under tsx, vitest and compiled node alike. */
const migrations: Record<string, Knex.Migration> = {
  '20261127120000_access': access,
  '20261127120100_events': events,
  '20261127120200_jobs': jobs,
  '20261127120300_attachments': attachments,
  '20261127120400_supplier': supplier,
  '20261127120410_step_up': stepUp,
  '20261127120500_subcontractor': subcontractor,
  '20261128100000_customers': customers,
  '20261129100000_webhooks': webhooks,
  '20261129120000_session_rotation': sessionRotation,
  '20261202100000_mail': mail,
  '20261202120000_session_replay': sessionReplay,
  '20261202180000_field_users': fieldUsers,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};
