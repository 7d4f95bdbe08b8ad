/** Reads the environment once, at start-up, and refuses values that cannot work. */
import { isIP } from 'node:net';
import { parseOffsets } from './domain/calendar';
import { isLocale, type Locale } from './domain/model';

/** Meta's Graph API root with the version this code was written against. */
export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com/v23.0';

/** How many proxies, or which, may set `X-Forwarded-For`: see `parseTrustProxy`. */
export type TrustProxy = false | number | string[];

export interface Config {
  port: number;
  dataDir: string;
  mongodbUri?: string;
  defaultLocale: Locale;
  timezone: string;
  publicUrl: string;
  /** PUBLIC_URL was given (not the localhost default): platforms can be told to call it. */
  publicUrlIsSet: boolean;
  demoData: boolean;
  adminToken?: string;
  /** Signs share references; unset, one is made at first start and kept in the store. */
  shareSecret?: string;
  /** Websites allowed to show the web chat in a frame (the widget): origins such as https://asso.example. */
  widgetOrigins: string[];
  /** Minutes before a dated opportunity at which reminders (and calendar alarms) go off. */
  reminderOffsetsMinutes: number[];
  /** Set when proxies in front of the bot may be believed about the client's address. */
  trustProxy?: Exclude<TrustProxy, false>;
  telegram?: TelegramConfig;
  messenger?: MessengerConfig;
}

export interface MessengerConfig {
  pageToken: string;
  appSecret: string;
  verifyToken: string;
  graphUrl: string;
  /**
   * The Page has Meta's human agent permission: a coordinator's answer may go up to 7 days after the
   * person's message.
   */
  humanAgent: boolean;
}

export interface TelegramConfig {
  token: string;
  apiRoot: string;
  mode: 'polling' | 'webhook';
  webhookSecret?: string;
  /** Messages per second across all chats (Telegram's free limit is about 30). */
  globalPerSecond: number;
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
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a port number, not "${value('PORT')}"`);

  const defaultLocale = value('DEFAULT_LOCALE') ?? 'fr';
  if (!isLocale(defaultLocale)) problems.push(`DEFAULT_LOCALE must be "fr" or "en", not "${defaultLocale}"`);

  const timezone = value('BOT_TIMEZONE') ?? 'Europe/Paris';
  if (!isTimezone(timezone))
    problems.push(`BOT_TIMEZONE must be an IANA timezone such as "Europe/Paris", not "${timezone}"`);

  const publicUrl = (value('PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicUrl))
    problems.push(`PUBLIC_URL must start with http:// or https://, not "${publicUrl}"`);

  const demo = (value('DEMO_DATA') ?? 'true').toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(demo))
    problems.push(`DEMO_DATA must be true or false, not "${demo}"`);

  const mongodbUri = value('MONGODB_URI');
  if (mongodbUri !== undefined && !/^mongodb(\+srv)?:\/\//.test(mongodbUri))
    problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  const widgetOrigins = (value('WIDGET_ORIGINS') ?? '').split(/[\s,]+/).filter(Boolean);
  for (const origin of widgetOrigins)
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin))
      problems.push(`WIDGET_ORIGINS must list origins such as https://asso.example (no path), not "${origin}"`);
  const shareSecret = value('SHARE_SECRET');
  if (shareSecret !== undefined && shareSecret.length < 16)
    problems.push('SHARE_SECRET must be at least 16 characters (or unset: one is made and kept)');

  let reminderOffsetsMinutes: number[] = [];
  try {
    reminderOffsetsMinutes = parseOffsets(value('REMINDER_OFFSETS') ?? '24h,2h');
  } catch (error) {
    problems.push(`REMINDER_OFFSETS: ${(error as Error).message}`);
  }

  const trustProxy = parseTrustProxy(value('TRUST_PROXY'));
  if (trustProxy === undefined)
    problems.push(
      'TRUST_PROXY must be off, a number of proxies in front of the bot, or a comma-separated list of ' +
        `their addresses (IP or CIDR, or loopback, linklocal, uniquelocal), not "${value('TRUST_PROXY')}"`,
    );

  let telegram: TelegramConfig | undefined;
  const telegramToken = value('TELEGRAM_BOT_TOKEN');
  if (telegramToken !== undefined) {
    const mode = value('TELEGRAM_MODE') ?? 'polling';
    const secret = value('TELEGRAM_WEBHOOK_SECRET');
    const rate = Number(value('TELEGRAM_GLOBAL_RATE') ?? '25');
    if (mode !== 'polling' && mode !== 'webhook')
      problems.push(`TELEGRAM_MODE must be polling or webhook, not "${mode}"`);
    // Without the secret anyone who finds the URL could post fake updates.
    if (mode === 'webhook' && secret === undefined)
      problems.push('TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET (1-256 of A-Z a-z 0-9 _ -)');
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
      problems.push('TELEGRAM_WEBHOOK_SECRET may only use A-Z a-z 0-9 _ - (1 to 256 characters)');
    if (!(rate > 0 && rate <= 1000))
      problems.push(
        `TELEGRAM_GLOBAL_RATE must be a number of messages per second, not "${value('TELEGRAM_GLOBAL_RATE')}"`,
      );
    telegram = {
      token: telegramToken,
      apiRoot: (value('TELEGRAM_API_ROOT') ?? 'https://api.telegram.org').replace(/\/+$/, ''),
      mode: mode === 'webhook' ? 'webhook' : 'polling',
      ...(secret !== undefined ? { webhookSecret: secret } : {}),
      globalPerSecond: rate,
    };
  }

  let messenger: MessengerConfig | undefined;
  const messengerValues = {
    pageToken: value('MESSENGER_PAGE_TOKEN'),
    appSecret: value('MESSENGER_APP_SECRET'),
    verifyToken: value('MESSENGER_VERIFY_TOKEN'),
  };
  const given = Object.values(messengerValues).filter((item) => item !== undefined).length;
  if (given > 0 && given < 3) {
    problems.push('Messenger needs all three of MESSENGER_PAGE_TOKEN, MESSENGER_APP_SECRET and MESSENGER_VERIFY_TOKEN');
  } else if (given === 3) {
    messenger = {
      pageToken: messengerValues.pageToken!,
      appSecret: messengerValues.appSecret!,
      verifyToken: messengerValues.verifyToken!,
      graphUrl: (value('MESSENGER_GRAPH_URL') ?? DEFAULT_GRAPH_URL).replace(/\/+$/, ''),
      humanAgent: ['true', '1', 'yes'].includes((value('MESSENGER_HUMAN_AGENT') ?? '').toLowerCase()),
    };
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    ...(trustProxy !== undefined && trustProxy !== false ? { trustProxy } : {}),
    dataDir: value('DATA_DIR') ?? './data',
    ...(mongodbUri !== undefined ? { mongodbUri } : {}),
    defaultLocale: defaultLocale as Locale,
    timezone,
    publicUrl,
    publicUrlIsSet: value('PUBLIC_URL') !== undefined,
    demoData: ['true', '1', 'yes'].includes(demo),
    ...(value('ADMIN_TOKEN') !== undefined ? { adminToken: value('ADMIN_TOKEN') } : {}),
    ...(shareSecret !== undefined ? { shareSecret } : {}),
    widgetOrigins,
    reminderOffsetsMinutes,
    ...(telegram ? { telegram } : {}),
    ...(messenger ? { messenger } : {}),
  };
}

const PROXY_PRESETS = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Whether `X-Forwarded-For` is believed: off (the default: the address is the connection's), a number
 * of proxies in front of the bot, or the proxies' addresses. Undefined when it cannot be read.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy | undefined {
  if (raw === undefined || ['off', 'false', '0', 'no'].includes(raw.toLowerCase())) return false;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const valid = (entry: string) => {
    if (PROXY_PRESETS.includes(entry)) return true;
    const [address, bits, extra] = entry.split('/');
    const version = isIP(address);
    if (version === 0 || extra !== undefined) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
  };
  return entries.length > 0 && entries.every(valid) ? entries : undefined;
}
