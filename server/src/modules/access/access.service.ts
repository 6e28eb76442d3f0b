import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  ACTIONS_BY_SUBJECT,
  ProblemCode,
  type CreateLinkBody,
  type CreatedLink,
  type FieldError,
  type Link as LinkDto,
  type LinkDelivery,
  type LinkRenewal,
  type SessionInfo,
  type SessionToken,
  type Subject,
  type SupportContact,
} from '@amage/contracts';
import { AppError, notFound } from '../../lib/errors.js';
import { SecretBox } from '../mail/secret-box.js';
import { recordEvent, recordPortalEvent } from '../events/events.service.js';
import { linkDeliveries, type MailOutbox } from '../mail/outbox.js';
import { Link } from './link.model.js';
import { Session } from './session.model.js';
import { LINK_EXPIRY, STEP_UP_DEFAULT, type AccessLimits } from './policy.js';
import type { PortalAccess, PortalLink } from './portal-access.js';
import type { SubjectRegistry } from './subjects.js';
import { generateToken, hashToken, maskEmail, tokenKind } from './tokens.js';

/** How long a lost session answer can be recovered by retrying under the same Idempotency-Key. */
const RETRY_WINDOW_MS = 10 * 60 * 1000;

/** Seals a minted session token for replays, under a key only the presented token derives. */
const replayBox = (presentedToken: string) => new SecretBox(Buffer.from(presentedToken), 'session replay v1');

export interface ResolveOptions {
  /** Accept an expired link (asking for a new one). */
  allowExpired?: boolean;
  /** Accept a used-up link (starting a session: a retry of the same start re-mints it). */
  acceptsUsedUpLink?: boolean;
  /** Accept a session expired within the refresh grace (refreshing it). */
  acceptsExpiredSession?: boolean;
}

export class TokenLookupFailed extends AppError {}

const sessionRevoked = () =>
  new AppError(
    ProblemCode.sessionRevoked,
    401,
    'This session was ended because it was used from two places. Open the link again.',
  );

const unknownToken = () =>
  new TokenLookupFailed(
    ProblemCode.tokenUnknown,
    401,
    'This link is not valid. Check that the whole address was copied.',
  );

/** An expired or used-up link whose recipient has an address can ask for a new one (`POST /link-renewals`). */
function renewalExtensions(link: Pick<Link, 'recipient'>) {
  const email = link.recipient?.email;
  return { renewable: Boolean(email), ...(email ? { recipient: maskEmail(email) } : {}) };
}

function expiredProblem(link: Link) {
  const email = link.recipient?.email;
  return new AppError(
    ProblemCode.tokenExpired,
    401,
    email
      ? 'This link has expired. You can ask for a new one; it will be sent to the address the link was sent to.'
      : 'This link has expired. Ask your contact at the company for a new one.',
    { extensions: renewalExtensions(link) },
  );
}

const usedUp = (link: Pick<Link, 'maxUses' | 'uses'>) => link.maxUses !== null && link.uses >= link.maxUses;

const usedUpProblem = (link: Pick<Link, 'recipient'>) =>
  new AppError(ProblemCode.tokenUsedUp, 401, 'This one-time link has already been used.', {
    extensions: renewalExtensions(link),
  });

/** The problems of a link that no longer works: they say what it was for and whom to ask (`deadEnd`). */
const DEAD_ENDS: ReadonlySet<string> = new Set([
  ProblemCode.tokenExpired,
  ProblemCode.tokenUsedUp,
  ProblemCode.tokenRevoked,
]);

/** Where the support contact of the hosted page comes from (the appearance module). */
export interface SupportContactSource {
  supportContact(): Promise<SupportContact | null>;
}

function assertLinkUsable(link: Link, presented: 'link' | 'session', acceptsUsedUp = false) {
  if (link.revokedAt) throw new AppError(ProblemCode.tokenRevoked, 401, 'This link has been withdrawn by the sender.');
  if (link.expiresAt.getTime() <= Date.now()) throw expiredProblem(link);
  if (presented === 'link' && !acceptsUsedUp && usedUp(link)) throw usedUpProblem(link);
}

const isTimeZone = (timeZone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
};

/** A plain copy of what requests need of the link (`PortalAccess.link`). */
const portalLink = (link: Link): PortalLink => ({
  id: link.id,
  expiresAt: link.expiresAt,
  revokedAt: link.revokedAt,
  maxUses: link.maxUses,
  uses: link.uses,
  recipient: link.recipient,
  allowedOrigins: link.allowedOrigins,
  constraints: link.constraints,
  stepUp: link.stepUp ?? [],
  contact: link.contact ?? null,
});

function linkToDto(link: Link, delivery: LinkDelivery | null = null): LinkDto {
  return {
    id: link.id,
    subject: { type: link.subjectType, ref: link.subjectRef },
    actions: link.actions,
    status: link.status,
    expiresAt: link.expiresAt.toISOString(),
    maxUses: link.maxUses,
    uses: link.uses,
    lastUsedAt: link.lastUsedAt?.toISOString() ?? null,
    recipient: link.recipient,
    allowedOrigins: link.allowedOrigins,
    constraints: link.constraints,
    stepUp: link.stepUp ?? [],
    createdAt: link.createdAt.toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    renewal: link.renewal,
    renewedFrom: link.renewedFromId,
    delivery,
    contact: link.contact ?? null,
  };
}

export class AccessService {
  constructor(
    private readonly db: Knex,
    private readonly subjects: SubjectRegistry,
    private readonly limits: AccessLimits,
    private readonly publicUrl: string,
    /** Set when this server sends e-mail (`AMAGE_SMTP_URL`). */
    private readonly outbox?: MailOutbox,
    private readonly support?: SupportContactSource,
  ) {}

  /**
   * A link that no longer works tells its holder what it was for and whom to ask (docs/architecture.md
   * "Dead ends"): the kind and number of its subject (a revoked link: the kind only), and the contact on
   * the link, else the appearance's support contact. Other errors pass unchanged.
   */
  private async deadEnd(link: Pick<PortalLink, 'contact'>, subject: Subject, error: unknown): Promise<never> {
    if (!(error instanceof AppError) || !DEAD_ENDS.has(error.code)) throw error;
    const revoked = error.code === ProblemCode.tokenRevoked;
    const number = revoked ? undefined : (await this.subjects.describe(this.db, subject.type, subject.ref)).number;
    const contact = link.contact ?? (await this.support?.supportContact()) ?? undefined;
    Object.assign(error.extensions ?? {}, {
      subject: { type: subject.type, ...(number ? { number } : {}) },
      ...(contact ? { contact } : {}),
    });
    throw error;
  }

  /** Whether links can be e-mailed and renewed automatically, and step-up codes go by mail. */
  get sendsMail(): boolean {
    return Boolean(this.outbox);
  }

  /** Refusals of `delivery`, `renewal` and the recipient's time zone, each at its field. */
  private deliveryErrors(body: CreateLinkBody): FieldError[] {
    const errors: FieldError[] = [];
    const wanted = (['delivery', 'renewal'] as const).filter((f) =>
      f === 'delivery' ? body.delivery === 'email' : body.renewal === 'automatic',
    );
    if (wanted.length && !this.outbox) {
      for (const f of wanted)
        errors.push({
          pointer: `/${f}`,
          message: 'this server sends no e-mail (AMAGE_SMTP_URL is not set)',
          keyword: ProblemCode.linkEmailUnavailable,
        });
    } else if (wanted.length && !body.recipient?.email) {
      errors.push({
        pointer: '/recipient/email',
        message: `${wanted.join(' and ')} by e-mail need the recipient's address`,
        keyword: ProblemCode.linkRecipientEmailRequired,
      });
    }
    const timeZone = body.recipient?.timeZone;
    if (timeZone && !isTimeZone(timeZone))
      errors.push({
        pointer: '/recipient/timeZone',
        message: 'not an IANA time zone',
        keyword: ProblemCode.linkTimeZoneUnknown,
      });
    return errors;
  }

  // ── links (integration API) ────────────────────────────────────────────────

  async createLink(body: CreateLinkBody, createdByKeyId: string | null): Promise<CreatedLink> {
    const allowed: readonly string[] = ACTIONS_BY_SUBJECT[body.subject.type];
    const foreign = body.actions.findIndex((a) => !allowed.includes(a));
    if (foreign >= 0) {
      throw new AppError(
        ProblemCode.actionNotForSubject,
        422,
        `A ${body.subject.type} link can grant only: ${allowed.join(', ')}.`,
        {
          errors: [{ pointer: `/actions/${foreign}`, message: `not an action of ${body.subject.type}` }],
        },
      );
    }
    const policy = LINK_EXPIRY[body.subject.type];
    const now = Date.now();
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : new Date(now + policy.defaultMs);
    if (expiresAt.getTime() <= now) {
      throw new AppError(ProblemCode.validation, 422, 'The expiry must be in the future.', {
        errors: [{ pointer: '/expiresAt', message: 'must be in the future' }],
      });
    }
    if (expiresAt.getTime() > now + policy.maxMs) {
      const maxDays = Math.round(policy.maxMs / 86_400_000);
      throw new AppError(
        ProblemCode.expiryTooLate,
        422,
        `A ${body.subject.type} link may live at most ${maxDays} days.`,
        {
          errors: [{ pointer: '/expiresAt', message: `must be within ${maxDays} days` }],
        },
      );
    }
    if (!(await this.subjects.exists(this.db, body.subject.type, body.subject.ref))) {
      throw new AppError(
        ProblemCode.subjectNotFound,
        422,
        `No ${body.subject.type} ${body.subject.ref} has been shared yet; PUT it first.`,
        {
          errors: [{ pointer: '/subject/ref', message: 'no such record' }],
        },
      );
    }
    const constraintErrors = await this.subjects.constraintErrors(
      this.db,
      body.subject.type,
      body.subject.ref,
      body.constraints ?? {},
    );
    if (constraintErrors.length) {
      throw new AppError(
        constraintErrors[0]!.keyword ?? ProblemCode.linkConstraintInvalid,
        422,
        `The constraints do not fit this ${body.subject.type}.`,
        { errors: constraintErrors },
      );
    }
    const deliveryErrors = this.deliveryErrors(body);
    if (deliveryErrors.length) {
      throw new AppError(deliveryErrors[0]!.keyword!, 422, 'The link cannot be delivered as asked.', {
        errors: deliveryErrors,
      });
    }
    const { token, hash } = generateToken('link');
    const delivery = body.delivery ?? 'none';
    return this.db.transaction(async (trx) => {
      const link = await Link.query(trx).insertAndFetch({
        tokenHash: hash,
        subjectType: body.subject.type,
        subjectRef: body.subject.ref,
        actions: body.actions,
        expiresAt,
        maxUses: body.maxUses ?? null,
        recipient: body.recipient ?? null,
        allowedOrigins: body.allowedOrigins ?? [],
        constraints: body.constraints ?? {},
        stepUp: (body.stepUp ?? STEP_UP_DEFAULT[body.subject.type] ?? []).filter((a) => body.actions.includes(a)),
        createdByKeyId,
        delivery,
        renewal: body.renewal ?? 'manual',
        contact: body.contact ?? null,
      });
      if (delivery === 'email') await this.outbox!.queueLink(trx, link.id, body.recipient!.email!, token);
      const deliveries = await linkDeliveries(trx, [link.id]);
      return {
        ...linkToDto(link, deliveries.get(link.id) ?? null),
        token,
        url: `${this.publicUrl}/portal#token=${token}`,
      };
    });
  }

  private async findLink(id: string): Promise<Link> {
    const link = await Link.query(this.db).findById(id);
    if (!link) throw notFound(`Link ${id}`);
    return link;
  }

  private async views(links: Link[]): Promise<LinkDto[]> {
    const deliveries = await linkDeliveries(
      this.db,
      links.filter((l) => l.delivery === 'email').map((l) => l.id),
    );
    return links.map((l) => linkToDto(l, deliveries.get(l.id) ?? null));
  }

  async getLink(id: string): Promise<LinkDto> {
    const [view] = await this.views([await this.findLink(id)]);
    return view!;
  }

  async listLinks(subject: Subject): Promise<LinkDto[]> {
    return this.views(
      await Link.query(this.db)
        .where({ subjectType: subject.type, subjectRef: subject.ref })
        .orderBy('createdAt', 'desc')
        .limit(500),
    );
  }

  async revokeLink(id: string): Promise<LinkDto> {
    const link = await this.findLink(id);
    const [view] = await this.views([
      link.revokedAt ? link : await link.$query(this.db).patchAndFetch({ revokedAt: new Date() }),
    ]);
    return view!;
  }

  // ── portal tokens ──────────────────────────────────────────────────────────

  /**
   * Resolves a bearer token to what it grants, or throws the problem to answer. `TokenLookupFailed`
   * marks answers that count against the client's failed look-up budget.
   */
  async resolve(token: string, options: ResolveOptions = {}): Promise<PortalAccess> {
    const kind = tokenKind(token);
    if (kind !== 'link' && kind !== 'session') throw unknownToken();
    const hash = hashToken(token);

    if (kind === 'link') {
      const link = await Link.query(this.db).findOne({ tokenHash: hash });
      if (!link) throw unknownToken();
      const subject = { type: link.subjectType, ref: link.subjectRef };
      if (!options.allowExpired) {
        try {
          assertLinkUsable(link, 'link', options.acceptsUsedUpLink);
        } catch (error) {
          await this.deadEnd(link, subject, error);
        }
      }
      return {
        tokenKind: 'link',
        link: portalLink(link),
        subject: { type: link.subjectType, ref: link.subjectRef },
        actions: link.actions,
        expiresAt: link.expiresAt,
      };
    }

    const session = await Session.query(this.db)
      .withGraphJoined('link')
      .allowGraph('link')
      .findOne({ 'sessions.tokenHash': hash });
    const link = session?.link;
    if (!session || !link) throw unknownToken();
    if (session.revokedAt) throw sessionRevoked();
    if (!options.allowExpired) {
      try {
        assertLinkUsable(link, 'session');
      } catch (error) {
        await this.deadEnd(link, { type: link.subjectType, ref: link.subjectRef }, error);
      }
      const graceMs = options.acceptsExpiredSession ? this.limits.sessionRefreshGraceMs : 0;
      if (session.expiresAt.getTime() + graceMs <= Date.now()) {
        throw new AppError(ProblemCode.sessionExpired, 401, 'Your session has ended. Open the link again to go on.');
      }
    }
    return {
      tokenKind: 'session',
      link: portalLink(link),
      session: { id: session.id },
      subject: { type: link.subjectType, ref: link.subjectRef },
      actions: link.actions,
      expiresAt: session.expiresAt,
    };
  }

  /** Whether a link still works (not revoked, not expired): what lives past its request (a live stream) asks again. */
  async linkUsable(linkId: string): Promise<boolean> {
    const link = await Link.query(this.db).findById(linkId).select('revokedAt', 'expiresAt');
    return Boolean(link && !link.revokedAt && link.expiresAt.getTime() > Date.now());
  }

  async describe(access: PortalAccess): Promise<SessionInfo> {
    const { link } = access;
    const { number, title } = await this.subjects.describe(this.db, access.subject.type, access.subject.ref);
    return {
      subject: access.subject,
      actions: access.actions,
      tokenKind: access.tokenKind,
      expiresAt: access.expiresAt.toISOString(),
      linkExpiresAt: link.expiresAt.toISOString(),
      recipient: {
        ...(link.recipient?.name ? { name: link.recipient.name } : {}),
        ...(link.recipient?.email ? { emailMasked: maskEmail(link.recipient.email) } : {}),
        ...(link.recipient?.locale ? { locale: link.recipient.locale } : {}),
      },
      constraints: link.constraints,
      remainingUses: link.maxUses === null ? null : Math.max(0, link.maxUses - link.uses),
      about: { number, ...(title ? { title } : {}) },
    };
  }

  /**
   * Starts a session from a link token, spending one use. A retry under the same Idempotency-Key
   * re-mints the same session rather than spending another use (a lost answer must not burn a
   * one-time link).
   */
  async startSession(
    access: PortalAccess,
    idempotencyKey: string,
    meta: { ip?: string; presentedToken: string },
  ): Promise<SessionToken> {
    if (access.tokenKind !== 'link') {
      throw new AppError(ProblemCode.linkRequired, 403, 'A session is started with the link token itself.');
    }
    const box = replayBox(meta.presentedToken);
    return this.db.transaction(async (trx) => {
      // Starts under one key queue here, so the first makes the session and the rest answer it.
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`session-start:${access.link.id}:${idempotencyKey}`]);
      const previous = await Session.query(trx).findOne({ linkId: access.link.id, idempotencyKey }).forUpdate();
      if (previous) {
        if (previous.createdAt.getTime() < Date.now() - RETRY_WINDOW_MS) {
          throw new AppError(
            ProblemCode.idempotencyKeyReused,
            422,
            'This Idempotency-Key started an earlier session; send a new key.',
          );
        }
        const token = await this.replayToken(trx, previous, box);
        return this.sessionToken(access, previous, token, await this.continuation(trx, access.link));
      }
      const { token, hash } = generateToken('session');
      const spent = await Link.query(trx)
        .patch({ uses: Link.raw('uses + 1'), lastUsedAt: new Date() })
        .where({ id: access.link.id })
        .whereNull('revokedAt')
        .where((q) => q.whereNull('maxUses').orWhere('uses', '<', Link.raw('max_uses')))
        .returning('*')
        .first();
      if (!spent) return this.deadEnd(access.link, access.subject, usedUpProblem(access.link));
      const id = randomUUID();
      const session = await Session.query(trx).insertAndFetch({
        id,
        familyId: id,
        linkId: access.link.id,
        tokenHash: hash,
        idempotencyKey,
        replayTokenSealed: box.seal(token, id),
        expiresAt: this.sessionExpiry(spent),
      });
      await recordPortalEvent(trx, access, 'session.started', {
        sessionId: session.id,
        uses: spent.uses,
        maxUses: spent.maxUses,
        ip: meta.ip ?? null,
      });
      return this.sessionToken(access, session, token, await this.continuation(trx, spent));
    });
  }

  /**
   * A limited-use link's session start gives the device a continuation secret (256 bits, `amgc_…`, only
   * its hash stored, bound to the link and expiring with it): reopened on that device after the tab
   * closed, the used-up link continues (`continueSession`) instead of ending in "already used".
   */
  private async continuation(trx: Knex.Transaction, link: Pick<PortalLink, 'id' | 'maxUses' | 'expiresAt'>) {
    if (link.maxUses === null) return undefined;
    const { token, hash } = generateToken('continuation');
    await trx('link_continuations').insert({ linkId: link.id, secretHash: hash, expiresAt: link.expiresAt });
    return { secret: token, expiresAt: link.expiresAt.toISOString() };
  }

  /**
   * Continues on the device that started it: a new session of the (used-up) link for the holder of its
   * continuation secret; spends no use. A wrong secret counts as a failed look-up (`TokenLookupFailed`).
   */
  async continueSession(access: PortalAccess, secret: string, meta: { ip?: string }): Promise<SessionToken> {
    if (access.tokenKind !== 'link') {
      throw new AppError(ProblemCode.linkRequired, 403, 'A session is continued with the link token itself.');
    }
    return this.db.transaction(async (trx) => {
      const found = await trx('link_continuations')
        .where({ linkId: access.link.id, secretHash: hashToken(secret) })
        .where('expiresAt', '>', new Date())
        .update({ lastUsedAt: new Date() })
        .returning('id');
      if (!found.length) {
        throw new TokenLookupFailed(
          ProblemCode.continuationInvalid,
          401,
          'This device cannot continue the session of this link.',
        );
      }
      const { token, hash } = generateToken('session');
      const id = randomUUID();
      const session = await Session.query(trx).insertAndFetch({
        id,
        familyId: id,
        linkId: access.link.id,
        tokenHash: hash,
        idempotencyKey: null,
        expiresAt: this.sessionExpiry(access.link),
      });
      await recordPortalEvent(trx, access, 'session.continued', { sessionId: session.id, ip: meta.ip ?? null });
      return this.sessionToken(access, session, token);
    });
  }

  /**
   * The token a retry answers: the one first answered, opened from its sealed copy (so no answer the
   * holder got is ever replaced); a session sealed before this existed is re-minted as it used to be.
   */
  private async replayToken(trx: Knex.Transaction, session: Session, box: SecretBox): Promise<string> {
    if (session.replayTokenSealed) {
      try {
        return box.open(session.replayTokenSealed, session.id);
      } catch {
        // Sealed for another token: fall through and re-mint.
      }
    }
    const { token, hash } = generateToken('session');
    await session.$query(trx).patch({ tokenHash: hash, replayTokenSealed: box.seal(token, session.id) });
    return token;
  }

  /**
   * A fresh session token for a working person; the old one lives on until its own expiry. Each session
   * is refreshed once: a retry under the same Idempotency-Key answers the same new session and token (a
   * lost answer), while a second refresh under another key means two holders of one token, so the whole
   * family of sessions ends (refresh-token reuse detection).
   */
  async refreshSession(access: PortalAccess, idempotencyKey: string, presentedToken: string): Promise<SessionToken> {
    if (!access.session) {
      throw new AppError(ProblemCode.sessionRequired, 403, 'Only a session token can be refreshed.');
    }
    const parentId = access.session.id;
    const box = replayBox(presentedToken);
    const outcome = await this.db.transaction(async (trx) => {
      const parent = await Session.query(trx).findById(parentId).forUpdate();
      if (!parent || parent.revokedAt) return { revoked: true as const };
      if (parent.refreshedAt) {
        const child = await Session.query(trx).findOne({ parentId, idempotencyKey });
        if (child && !child.revokedAt && child.createdAt.getTime() > Date.now() - RETRY_WINDOW_MS) {
          return { session: child, token: await this.replayToken(trx, child, box) };
        }
        await Session.query(trx)
          .patch({ revokedAt: new Date() })
          .where({ familyId: parent.familyId })
          .whereNull('revokedAt');
        await recordEvent(trx, {
          type: 'session.reuse-detected',
          subject: access.subject,
          linkId: access.link.id,
          data: { familyId: parent.familyId, sessionId: parent.id },
        });
        return { revoked: true as const };
      }
      await parent.$query(trx).patch({ refreshedAt: new Date() });
      const { token, hash } = generateToken('session');
      const id = randomUUID();
      const session = await Session.query(trx).insertAndFetch({
        id,
        linkId: access.link.id,
        tokenHash: hash,
        parentId,
        familyId: parent.familyId,
        idempotencyKey,
        replayTokenSealed: box.seal(token, id),
        expiresAt: this.sessionExpiry(access.link),
      });
      return { session, token };
    });
    if ('revoked' in outcome) throw sessionRevoked();
    return this.sessionToken(access, outcome.session, outcome.token);
  }

  /**
   * The holder of an expired or used-up link asks for a fresh one, for its recipient only. A link issued
   * with `renewal: automatic` (on a server that sends mail) is renewed at once: revoked, and a fresh link
   * with the same scope e-mailed to the same recipient (`link.renewed`); otherwise the request is an event
   * for the main system (`link.renewal-requested`). One request per link per 15 minutes.
   */
  async requestRenewal(access: PortalAccess, meta: { ip?: string }): Promise<LinkRenewal> {
    const { link } = access;
    const email = link.recipient?.email;
    if (link.revokedAt) {
      // Already renewed automatically: a repeated click is answered with that renewal.
      const renewed = await Link.query(this.db).findOne({ renewedFromId: link.id });
      if (renewed && email) return { recipient: maskEmail(email), requestedAt: renewed.createdAt.toISOString() };
      throw new AppError(ProblemCode.tokenRevoked, 401, 'This link has been withdrawn by the sender.');
    }
    if (link.expiresAt.getTime() > Date.now() && !usedUp(link)) {
      throw new AppError(ProblemCode.linkNotExpired, 409, 'This link still works; there is nothing to renew.');
    }
    if (!email)
      throw new AppError(
        ProblemCode.linkNotRenewable,
        409,
        'This link cannot be renewed from here. Ask your contact for a new one.',
      );
    return this.db.transaction(async (trx) => {
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`renewal:${link.id}`]);
      const since = new Date(Date.now() - this.limits.renewalIntervalSec * 1000);
      const recent = await trx('link_renewals').where({ linkId: link.id }).where('requestedAt', '>', since).first();
      if (recent) {
        const retryAfter = Math.max(
          1,
          Math.ceil((recent.requestedAt.getTime() + this.limits.renewalIntervalSec * 1000 - Date.now()) / 1000),
        );
        throw new AppError(ProblemCode.rateLimited, 429, 'A new link was asked for a moment ago; it is on its way.', {
          extensions: { retryAfter },
          headers: { 'Retry-After': String(retryAfter) },
        });
      }
      const [renewal] = await trx('link_renewals')
        .insert({ linkId: link.id, ip: meta.ip ?? null })
        .returning(['id', 'requestedAt']);
      const old = await Link.query(trx).findById(link.id).forUpdate();
      if (old?.renewal === 'automatic' && this.outbox) {
        const fresh = await this.renew(trx, old);
        await recordPortalEvent(trx, access, 'link.renewed', {
          renewalId: renewal.id,
          previousLinkId: old.id,
          linkId: fresh.id,
          expiresAt: fresh.expiresAt.toISOString(),
          recipient: fresh.recipient!,
          actions: fresh.actions,
        });
      } else {
        await recordPortalEvent(trx, access, 'link.renewal-requested', {
          renewalId: renewal.id,
          recipient: link.recipient,
          actions: access.actions,
        });
      }
      return { recipient: maskEmail(email), requestedAt: new Date(renewal.requestedAt).toISOString() };
    });
  }

  /** Revokes `old` and issues its successor: same scope and recipient, as long a life (within the maximum), e-mailed. */
  private async renew(trx: Knex.Transaction, old: Link): Promise<Link> {
    const now = Date.now();
    const lifetime = Math.min(old.expiresAt.getTime() - old.createdAt.getTime(), LINK_EXPIRY[old.subjectType].maxMs);
    const { token, hash } = generateToken('link');
    const fresh = await Link.query(trx).insertAndFetch({
      tokenHash: hash,
      subjectType: old.subjectType,
      subjectRef: old.subjectRef,
      actions: old.actions,
      expiresAt: new Date(now + lifetime),
      maxUses: old.maxUses,
      recipient: old.recipient,
      allowedOrigins: old.allowedOrigins,
      constraints: old.constraints,
      stepUp: old.stepUp,
      createdByKeyId: old.createdByKeyId,
      delivery: 'email',
      renewal: 'automatic',
      renewedFromId: old.id,
    });
    await old.$query(trx).patch({ revokedAt: new Date(now) });
    await this.outbox!.queueLink(trx, fresh.id, old.recipient!.email!, token);
    return fresh;
  }

  private sessionExpiry(link: Pick<PortalLink, 'expiresAt'>): Date {
    return new Date(Math.min(Date.now() + this.limits.sessionTtlMs, link.expiresAt.getTime()));
  }

  private sessionToken(
    access: PortalAccess,
    session: Session,
    token: string,
    continuation?: SessionToken['continuation'],
  ): SessionToken {
    const created = session.createdAt.getTime();
    const expires = session.expiresAt.getTime();
    const locale = access.link.recipient?.locale;
    return {
      token,
      expiresAt: session.expiresAt.toISOString(),
      refreshAt: new Date(created + ((expires - created) * 2) / 3).toISOString(),
      subject: access.subject,
      actions: access.actions,
      ...(locale ? { locale } : {}),
      ...(continuation ? { continuation } : {}),
    };
  }
}
