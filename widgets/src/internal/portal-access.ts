import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  ApiError,
  createClient,
  isNetworkError,
  linkRenewals,
  portalApiUrl,
  session,
  type KyInstance,
} from '@amage/api-client';
import type { Action, Problem, SessionInfo, SessionToken, Subject, SupportContact } from '@amage/contracts';
import { AmageLinkRenewalRequestedEvent } from '../events/link-renewal-requested.js';
import { AmageLoadErrorEvent } from '../events/load-error.js';
import { AmageSessionExpiredEvent } from '../events/session-expired.js';
import { takeTokenFromHash } from './page-url.js';
import { setRecipientLocale } from './recipient-locale.js';

/** Where the script came from: the default API server (the bundle is served by it). */
const scriptOrigin = new URL(import.meta.url).origin;
const STORAGE_PREFIX = 'amage-portals:session:';
/** Per link fingerprint: the device's continuation secret of a one-time link (localStorage: survives the tab). */
const CONTINUATION_PREFIX = 'amage-portals:continuation:';
/** A network failure during refresh is retried this often until the session runs out. */
const REFRESH_RETRY_MS = 30_000;
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/**
 * The server still refreshes a session this long after it expired (`sessionRefreshGraceMs`), so work
 * queued while offline can be sent when the connection returns, even on a one-time link.
 */
const REFRESH_GRACE_MS = 12 * 60 * 60 * 1000;
const refreshable = (session: { expiresAt: string }) =>
  Date.parse(session.expiresAt) + REFRESH_GRACE_MS - Date.now() > 5_000;
const expired = (session: { expiresAt: string }) => Date.parse(session.expiresAt) - Date.now() < 5_000;

export interface PortalHost extends ReactiveControllerHost, HTMLElement {
  /** Server base URL; empty means the script's origin. */
  api: string;
  /** A link token (`amg_…`) or session token (`amgs_…`); empty means `#token=` of the page. */
  token: string;
}

/**
 * `confirm`: a limited-use link waits for a click before spending a use (mail scanners open links).
 * `failed`: see `problem`.
 */
export type AccessState = 'idle' | 'confirm' | 'starting' | 'ready' | 'failed';

/** Why access stopped: a server problem code, or `network` / `token.missing`. */
export interface AccessProblem {
  readonly code: string;
  readonly status: number;
  readonly renewable: boolean;
  readonly recipient?: string;
  readonly retryAfter?: number;
  /** A dead end (expired, used up, revoked): what the link was for, as far as the server says. */
  readonly subject?: Problem['subject'];
  /** A dead end: whom to ask. */
  readonly contact?: SupportContact;
}

export type Renewal = { state: 'sending' } | { state: 'sent'; recipient: string } | { state: 'failed' };

interface StoredSession {
  token: string;
  expiresAt: string;
  refreshAt: string;
  subject: Subject;
  /** What the session may do (absent in sessions stored by older versions). */
  actions?: Action[];
  /** The recipient's locale on the link. */
  locale?: string;
  /** Fingerprint of the link the session came from. */
  link: string;
  /**
   * The Idempotency-Key of this session's refresh once one was tried. The server refreshes a session
   * once: a retry (after a lost answer, even after a reload) must reuse the key, or it looks like a
   * stolen token being refreshed and ends the session.
   */
  refreshKey?: string;
}

const isSessionToken = (token: string) => token.startsWith('amgs_');

/** A short non-reversible fingerprint (cyrb53) that finds a link's stored session without storing the link. */
function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

// sessionStorage throws in some sandboxed frames and with storage blocked: then sessions just don't survive reloads.
function readStored(key: string): StoredSession | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(key) ?? 'null') as StoredSession | null;
    return stored && refreshable(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

interface StoredContinuation {
  secret: string;
  expiresAt: string;
}

// localStorage: a one-time link reopened after the tab (or the browser) closed continues on this device.
function readContinuation(linkPrint: string): StoredContinuation | undefined {
  try {
    const stored = JSON.parse(
      localStorage.getItem(CONTINUATION_PREFIX + linkPrint) ?? 'null',
    ) as StoredContinuation | null;
    return stored && Date.parse(stored.expiresAt) > Date.now() ? stored : undefined;
  } catch {
    return undefined;
  }
}

function writeContinuation(linkPrint: string, value: StoredContinuation | undefined) {
  try {
    if (value) localStorage.setItem(CONTINUATION_PREFIX + linkPrint, JSON.stringify(value));
    else localStorage.removeItem(CONTINUATION_PREFIX + linkPrint);
  } catch {
    /* storage unavailable: the link ends in "already used" after the tab closed, as without this */
  }
}

function writeStored(key: string, value: StoredSession | undefined) {
  try {
    if (value) sessionStorage.setItem(key, JSON.stringify(value));
    else sessionStorage.removeItem(key);
  } catch {
    /* storage unavailable */
  }
}

export function toAccessProblem(error: unknown): AccessProblem {
  if (error instanceof ApiError) {
    const { code, status, renewable, recipient, retryAfter } = error;
    const { subject, contact } = error.problem;
    return {
      code,
      status,
      renewable,
      recipient,
      retryAfter,
      ...(subject ? { subject } : {}),
      ...(contact ? { contact } : {}),
    };
  }
  if (isNetworkError(error)) return { code: 'network', status: 0, renewable: false };
  return { code: 'internal', status: 0, renewable: false };
}

/**
 * Turns the host's `api` + `token` into a working, refreshed session and a ky client for it.
 * A link token is exchanged for a session token (POST /sessions); only the session token is kept in
 * sessionStorage, so a reload still works after the `#token=` fragment was removed. A session token
 * given by the page (e.g. by `<amage-portal>`) is used as is and refreshed by whoever gave it.
 * Tokens are never logged.
 */
export class PortalAccessController implements ReactiveController {
  state: AccessState = 'idle';
  problem?: AccessProblem;
  renewal?: Renewal;
  /** The subject the session is for; unknown when the page gave a session token. */
  subject?: Subject;
  /** What the session may do (e.g. whether `job:approve` buttons apply); unknown when the page gave a session token. */
  actions?: Action[];
  /** The link is limited to one use (the gate says the tab must stay open and only this device continues). */
  oneTime = false;
  /** What the link grants, as read before the gate (the click that spends a use). */
  preview?: SessionInfo;
  /** Changes whenever a new access context starts (new api or link); data keyed on it reloads. */
  generation = 0;
  client!: KyInstance;
  sessionToken?: string;

  private readonly host: PortalHost;
  private linkToken?: string;
  private storageKey = '';
  private linkPrint = '';
  private session?: StoredSession;
  private timer?: ReturnType<typeof setTimeout>;
  private seenApi?: string;
  private seenToken?: string;

  constructor(host: PortalHost) {
    this.host = host;
    host.addController(this);
  }

  hostConnected() {
    if (this.state === 'ready' && this.session) this.scheduleRefresh(Date.parse(this.session.refreshAt));
    window.addEventListener('online', this.handleOnline);
  }

  hostDisconnected() {
    clearTimeout(this.timer);
    window.removeEventListener('online', this.handleOnline);
  }

  /** Back online: a session that ran out meanwhile is refreshed at once, and a network failure retried. */
  private readonly handleOnline = () => {
    if (this.state === 'failed' && this.problem?.code === 'network') this.retry();
    else if (this.state === 'ready' && this.session && Date.parse(this.session.refreshAt) <= Date.now())
      void this.refresh();
  };

  hostUpdate() {
    const api = this.host.api || scriptOrigin;
    const token = this.host.token.trim();
    if (api === this.seenApi && token === this.seenToken) return;
    // A parent's refreshed session token for the same context: swap it in, keep the data.
    const swap =
      this.state === 'ready' && api === this.seenApi && isSessionToken(token) && isSessionToken(this.seenToken ?? '');
    this.seenApi = api;
    this.seenToken = token;
    if (swap) this.sessionToken = token;
    else void this.start(api, token);
  }

  /** Starts over with the same inputs, e.g. after a network failure (a fragment link is kept in memory). */
  retry() {
    void this.start(this.seenApi ?? scriptOrigin, this.seenToken ?? '', this.linkToken);
  }

  /** The person confirmed opening a limited-use link: spend a use and start the session. */
  confirm() {
    if (this.state === 'confirm' && this.linkToken) void this.exchange(this.generation, this.linkToken);
  }

  /**
   * Stops access after an API answer such as 401 `token.expired`; fires the matching events. A session
   * that merely ran out (e.g. while offline) is refreshed instead, within the server's grace.
   */
  fail(error: unknown) {
    const problem = toAccessProblem(error);
    if (problem.code === 'session.expired' && this.session && refreshable(this.session) && this.state === 'ready') {
      this.become('starting');
      void this.refresh();
      return;
    }
    this.deny(problem);
  }

  private deny(problem: AccessProblem) {
    clearTimeout(this.timer);
    this.problem = problem;
    this.state = 'failed';
    if (this.problem.status === 401) writeStored(this.storageKey, undefined);
    this.host.dispatchEvent(new AmageLoadErrorEvent({ code: this.problem.code, status: this.problem.status }));
    if (this.problem.code === 'token.expired' || this.problem.code === 'session.expired') {
      this.host.dispatchEvent(new AmageSessionExpiredEvent({ renewable: this.problem.renewable }));
    }
    this.host.requestUpdate();
  }

  /** Asks the server to send a fresh link to the expired link's recipient. */
  async requestRenewal() {
    this.renewal = { state: 'sending' };
    this.host.requestUpdate();
    try {
      const { recipient } = await linkRenewals.create(this.client, { token: this.sessionToken ?? this.linkToken });
      this.renewal = { state: 'sent', recipient };
      this.host.dispatchEvent(new AmageLinkRenewalRequestedEvent({ recipient }));
    } catch {
      this.renewal = { state: 'failed' };
    }
    this.host.requestUpdate();
  }

  private async start(api: string, token: string, pageLink?: string) {
    const generation = ++this.generation;
    clearTimeout(this.timer);
    this.problem = this.renewal = this.subject = this.actions = this.session = this.sessionToken = undefined;
    this.oneTime = false;
    this.preview = undefined;
    setRecipientLocale(this.host, undefined);
    this.client = createClient({ baseUrl: portalApiUrl(api), getToken: () => this.sessionToken });
    const link = token || pageLink || takeTokenFromHash();
    this.linkToken = link && !isSessionToken(link) ? link : undefined;
    this.linkPrint = link ? fingerprint(link) : '';
    // Attribute links have their own entry; a fragment link (gone after reload) is found by the page path.
    this.storageKey = STORAGE_PREFIX + (token ? this.linkPrint : location.pathname);

    if (link && isSessionToken(link)) {
      this.sessionToken = link;
      return this.become('ready');
    }
    const stored = readStored(this.storageKey);
    if (stored && (!link || stored.link === this.linkPrint)) return this.adopt(stored);
    if (!link) return this.deny({ code: 'token.missing', status: 0, renewable: false });

    this.become('starting');
    const continuation = readContinuation(this.linkPrint);
    if (continuation && (await this.continueOnDevice(generation, link, continuation))) return;
    try {
      const info = await session.get(this.client, { token: link });
      if (generation !== this.generation) return;
      if (info.remainingUses !== null) {
        this.oneTime = info.remainingUses === 1;
        this.preview = info;
        return this.become('confirm');
      }
    } catch (error) {
      if (generation === this.generation) this.fail(error);
      return;
    }
    await this.exchange(generation, link);
  }

  /**
   * A one-time link this device started before (the tab closed, the browser restarted): continue with the
   * stored secret. False when the secret no longer works here (then the link is opened as usual).
   */
  private async continueOnDevice(generation: number, link: string, stored: StoredContinuation): Promise<boolean> {
    try {
      const token = await session.continue(this.client, { linkToken: link, secret: stored.secret });
      if (generation === this.generation) this.adopt({ ...token, link: this.linkPrint });
      return true;
    } catch (error) {
      if (generation !== this.generation) return true;
      if (error instanceof ApiError && error.code === 'continuation.invalid') {
        writeContinuation(this.linkPrint, undefined);
        return false;
      }
      this.fail(error);
      return true;
    }
  }

  private async exchange(generation: number, link: string) {
    this.become('starting');
    try {
      const token = await session.create(this.client, { linkToken: link });
      if (token.continuation) writeContinuation(this.linkPrint, token.continuation);
      if (generation === this.generation) this.adopt({ ...token, link: this.linkPrint });
    } catch (error) {
      if (generation === this.generation) this.fail(error);
    }
  }

  private adopt(stored: StoredSession | (SessionToken & { link: string })) {
    const { token, expiresAt, refreshAt, subject, link, actions, locale } = stored;
    const refreshKey = 'refreshKey' in stored ? stored.refreshKey : undefined;
    this.session = {
      token,
      expiresAt,
      refreshAt,
      subject,
      link,
      ...(actions ? { actions } : {}),
      ...(locale ? { locale } : {}),
      ...(refreshKey ? { refreshKey } : {}),
    };
    this.sessionToken = token;
    setRecipientLocale(this.host, locale);
    this.subject = subject;
    this.actions = actions;
    writeStored(this.storageKey, this.session);
    if (expired(this.session)) {
      // A stored session that ran out (the tab slept, the phone was offline): refresh before use.
      this.become('starting');
      void this.refresh();
      return;
    }
    this.scheduleRefresh(Date.parse(refreshAt));
    this.become('ready');
  }

  private scheduleRefresh(at: number) {
    clearTimeout(this.timer);
    const delay = Math.min(Math.max(at - Date.now(), 0), MAX_TIMEOUT_MS);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private async refresh() {
    const generation = this.generation;
    if (this.session && !this.session.refreshKey) {
      this.session = { ...this.session, refreshKey: crypto.randomUUID() };
      writeStored(this.storageKey, this.session);
    }
    try {
      const token = await session.refresh(this.client, { idempotencyKey: this.session?.refreshKey });
      if (generation === this.generation) this.adopt({ ...token, link: this.linkPrint });
    } catch (error) {
      if (generation !== this.generation) return;
      if (error instanceof ApiError && error.status === 401) return this.deny(toAccessProblem(error));
      // Transient (network, 5xx, rate limit). With a session that still works, try again later;
      // with one that ran out, say so (Retry, or coming back online, tries again; it stays stored).
      if (!this.session || expired(this.session)) return this.deny(toAccessProblem(error));
      this.scheduleRefresh(Math.min(Date.now() + REFRESH_RETRY_MS, Date.parse(this.session.expiresAt) - 5_000));
    }
  }

  private become(state: AccessState) {
    this.state = state;
    this.host.requestUpdate();
  }
}
