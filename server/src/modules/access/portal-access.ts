import type { Action, Recipient, Subject, SupportContact } from '@amage/contracts';

/**
 * What a presented portal token resolved to, as plain data: routes, guards, services and events read it;
 * only `AccessService.resolve` makes one. It imports nothing of the server, so every module may use it
 * without tying access, subjects and events into a cycle.
 */
export interface PortalAccess {
  tokenKind: 'link' | 'session';
  link: PortalLink;
  /** Set when the token is a session token. */
  session?: { id: string };
  subject: Subject;
  actions: Action[];
  /** When the presented token stops working. */
  expiresAt: Date;
}

/** The link behind a portal token, as it was when the request arrived. */
export interface PortalLink {
  id: string;
  expiresAt: Date;
  revokedAt: Date | null;
  maxUses: number | null;
  uses: number;
  recipient: Recipient | null;
  allowedOrigins: string[];
  constraints: Record<string, string>;
  /** Actions whose risky routes need a step-up code. */
  stepUp: Action[];
  /** Whom the holder asks about this link; null: the appearance's support contact. */
  contact: SupportContact | null;
}
