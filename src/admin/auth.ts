/**
 * Who is asking. The JSON API takes a bearer token (a coordinator's API token, or ADMIN_TOKEN, which
 * acts as an administrator to create the first accounts). The dashboard takes a session cookie
 * (HttpOnly, SameSite=Lax, Secure over https) set by a password login, and a CSRF token on every form.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AdminSession } from '../domain/admin';
import type { Store } from '../domain/ports';
import { safeEqual } from '../util/safe-equal';
import { hashToken, newSecret, verifyPassword } from './passwords';
import { LoginThrottle } from './rate-limit';
import { BOOTSTRAP_PRINCIPAL, type Principal } from './principal';

export const SESSION_COOKIE = 'mobot_admin';
/** Before signing in there is no session to hold a CSRF token: this cookie holds it (double submit). */
export const FORM_COOKIE = 'mobot_form';
const FORM_TOKEN = /^[A-Za-z0-9_-]{32}$/;
const SESSION_MS = 12 * 3600_000;

export interface AuthOptions {
  store: Pick<Store, 'accounts' | 'adminSessions'>;
  clock: () => Date;
  /** ADMIN_TOKEN, or one made at start and printed while there is no account; none after that. */
  bootstrapToken?: string;
  secureCookies: boolean;
}

export interface DashboardLocals {
  principal: Principal;
  session: AdminSession;
}

export function cookies(request: Request): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const part of (request.get('cookie') ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) jar[part.slice(0, index).trim()] = decodedOrAsIs(part.slice(index + 1).trim());
  }
  return jar;
}

/** Another site's cookie on our domain may hold a stray `%` (`analytics=50%`): kept as sent, not a 500. */
function decodedOrAsIs(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export class AdminAuth {
  private readonly throttle = new LoginThrottle();

  constructor(private readonly options: AuthOptions) {}

  async fromBearer(header: string | undefined): Promise<Principal | undefined> {
    const token = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
    if (!token) return undefined;
    const bootstrap = this.options.bootstrapToken;
    if (bootstrap !== undefined && safeEqual(token, bootstrap)) return BOOTSTRAP_PRINCIPAL;
    const account = await this.options.store.accounts.findByTokenHash(hashToken(token));
    return account && !account.disabledAt ? principalOf(account) : undefined;
  }

  async fromCookie(request: Request): Promise<DashboardLocals | undefined> {
    const id = cookies(request)[SESSION_COOKIE];
    if (!id) return undefined;
    const session = await this.options.store.adminSessions.get(id);
    if (!session || session.expiresAt <= this.options.clock().toISOString()) return undefined;
    const account = await this.options.store.accounts.get(session.accountId);
    return account && !account.disabledAt ? { principal: principalOf(account), session } : undefined;
  }

  /** A session id, or why not: wrong credentials, or too many attempts (seconds to wait). */
  async login(
    email: string,
    password: string,
    address: string,
  ): Promise<{ sessionId: string } | { refused: 'credentials' } | { refused: 'rate_limited'; retryAfter: number }> {
    const retryAfter = await this.throttle.loginWait(email, address);
    if (retryAfter > 0) return { refused: 'rate_limited', retryAfter };
    const account = await this.options.store.accounts.findByEmail(email);
    // The same work whether or not the account exists: timing does not tell which e-mails are known.
    const valid = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !valid || account.disabledAt) {
      await this.throttle.loginFailed(email, address);
      return { refused: 'credentials' };
    }
    await this.throttle.loginSucceeded(email, address);
    const session: AdminSession = {
      id: newSecret(),
      accountId: account.id,
      csrf: newSecret(),
      expiresAt: new Date(this.options.clock().getTime() + SESSION_MS).toISOString(),
    };
    await this.options.store.adminSessions.create(session);
    return { sessionId: session.id };
  }

  /**
   * The token the sign-in and set-up forms carry: the one already in the browser's form cookie, or a
   * new one set there. Another site can make a browser post a form, but cannot read the cookie.
   */
  formToken(request: Request, response: Response): string {
    const held = cookies(request)[FORM_COOKIE];
    if (held && FORM_TOKEN.test(held)) return held;
    const token = newSecret();
    response.cookie(FORM_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.options.secureCookies,
      path: '/admin',
    });
    return token;
  }

  /** Whether a posted sign-in or set-up form carries the token of the browser's form cookie. */
  formTokenValid(request: Request): boolean {
    const held = cookies(request)[FORM_COOKIE] ?? '';
    const given: unknown = (request.body as { _csrf?: unknown } | undefined)?._csrf;
    return FORM_TOKEN.test(held) && typeof given === 'string' && safeEqual(given, held);
  }

  setSessionCookie(response: Response, sessionId: string): void {
    response.cookie(SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.options.secureCookies,
      path: '/',
      maxAge: SESSION_MS,
    });
  }

  clearSessionCookie(response: Response): void {
    response.clearCookie(SESSION_COOKIE, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.options.secureCookies,
      path: '/',
    });
  }

  /** JSON API: a valid bearer token, or 401. */
  api(): RequestHandler {
    return async (request, response, next) => {
      try {
        // Wrong tokens count against the address, as wrong passwords do: guessing is slowed down.
        const header = request.get('authorization');
        const address = request.ip ?? 'unknown';
        const wait = header === undefined ? 0 : await this.throttle.tokenWait(address);
        if (wait > 0) {
          response.status(429).set('Retry-After', String(wait)).json({ error: 'too many wrong tokens; wait' });
          return;
        }
        const principal = await this.fromBearer(header);
        if (!principal && header !== undefined) await this.throttle.tokenFailed(address);
        if (!principal) {
          response
            .status(401)
            .set('WWW-Authenticate', 'Bearer')
            .json({ error: 'a valid bearer token is required (Authorization: Bearer <token>)' });
          return;
        }
        response.locals.principal = principal;
        next();
      } catch (error) {
        next(error);
      }
    };
  }

  /** Dashboard: a live session, or to the login page; every POST must carry the session's CSRF token. */
  dashboard(): RequestHandler {
    return async (request: Request, response: Response, next: NextFunction) => {
      try {
        const found = await this.fromCookie(request);
        if (!found) {
          if (request.method === 'GET')
            response.redirect(303, `/admin/login?next=${encodeURIComponent(request.originalUrl)}`);
          else response.status(401).type('text/plain').send('Not signed in');
          return;
        }
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          const formToken: unknown = (request.body as { _csrf?: unknown } | undefined)?._csrf;
          const given = typeof formToken === 'string' ? formToken : (request.get('x-csrf-token') ?? '');
          if (!safeEqual(given, found.session.csrf)) {
            response
              .status(403)
              .type('text/plain')
              .send('The form expired or did not come from this site: reload the page and try again.');
            return;
          }
        }
        Object.assign(response.locals, found);
        next();
      } catch (error) {
        next(error);
      }
    };
  }
}

export function principalOf(account: {
  id: string;
  role: Principal['role'];
  organisationId?: string;
  name: string;
}): Principal {
  return {
    accountId: account.id,
    role: account.role,
    name: account.name,
    ...(account.organisationId ? { organisationId: account.organisationId } : {}),
  };
}

// A valid hash of a random password: verifying against it costs the same as a real check.
const DUMMY_HASH = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
