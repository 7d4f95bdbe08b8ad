/** Reads the environment once, at start-up, and refuses values that cannot work. */
import { parseOffsets } from './domain/calendar';
import { isLocale, type Locale } from './domain/model';

export interface Config {
  port: number;
  dataDir: string;
  mongodbUri?: string;
  defaultLocale: Locale;
  timezone: string;
  publicUrl: string;
  demoData: boolean;
  adminToken?: string;
  /** Minutes before a dated opportunity at which reminders (and calendar alarms) go off. */
  reminderOffsetsMinutes: number[];
}

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Configuration problems:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function isTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === '' ? undefined : raw;
  };

  const port = Number(value('PORT') ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a port number, not "${value('PORT')}"`);

  const defaultLocale = value('DEFAULT_LOCALE') ?? 'fr';
  if (!isLocale(defaultLocale)) problems.push(`DEFAULT_LOCALE must be "fr" or "en", not "${defaultLocale}"`);

  const timezone = value('BOT_TIMEZONE') ?? 'Europe/Paris';
  if (!isTimezone(timezone)) problems.push(`BOT_TIMEZONE must be an IANA timezone such as "Europe/Paris", not "${timezone}"`);

  const publicUrl = (value('PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) problems.push(`PUBLIC_URL must start with http:// or https://, not "${publicUrl}"`);

  const demo = (value('DEMO_DATA') ?? 'true').toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(demo)) problems.push(`DEMO_DATA must be true or false, not "${demo}"`);

  const mongodbUri = value('MONGODB_URI');
  if (mongodbUri !== undefined) {
    problems.push('MONGODB_URI is set, but this version has only the embedded store; unset it (the MongoDB store is on its way)');
  }

  let reminderOffsetsMinutes: number[] = [];
  try {
    reminderOffsetsMinutes = parseOffsets(value('REMINDER_OFFSETS') ?? '24h,2h');
  } catch (error) {
    problems.push(`REMINDER_OFFSETS: ${(error as Error).message}`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    dataDir: value('DATA_DIR') ?? './data',
    ...(mongodbUri !== undefined ? { mongodbUri } : {}),
    defaultLocale: defaultLocale as Locale,
    timezone,
    publicUrl,
    demoData: ['true', '1', 'yes'].includes(demo),
    ...(value('ADMIN_TOKEN') !== undefined ? { adminToken: value('ADMIN_TOKEN') } : {}),
    reminderOffsetsMinutes,
  };
}
