import escapeHtml from 'escape-html';
import type { Action, SubjectType } from '@amage/contracts';
import { formatWhen, MAIL_TEXTS, mailLocale, type SubjectLabel } from './mail-texts.js';

/** A mail ready for nodemailer: subject, plain text and HTML. */
export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

/** Who sends: the company's name (the appearance API fills it later; see `MailBranding`) and a contact. */
interface Sender {
  company: string;
  contact?: { name?: string; email?: string };
}

interface Recipient {
  name?: string;
  locale?: string;
  timeZone?: string;
}

export interface LinkMailInput {
  sender: Sender;
  recipient: Recipient;
  subject: { type: SubjectType; label: SubjectLabel };
  actions: readonly Action[];
  url: string;
  expiresAt: Date;
  maxUses: number | null;
  /** A fresh link sent because the holder of an expired or used-up one asked for it. */
  renewed: boolean;
}

export interface StepUpMailInput {
  sender: Sender;
  recipient: Recipient;
  subject: { type: SubjectType; label: SubjectLabel };
  action: Action;
  code: string;
  expiresAt: Date;
}

const h = (text: string) => escapeHtml(text);

/** The HTML frame every mail shares: one column, inline styles (mail clients drop style sheets). */
function frame(lang: string, title: string, body: string, footer: string): string {
  return `<!doctype html>
<html lang="${h(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${h(title)}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2933;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
${body}
</div>
<p style="max-width:560px;margin:16px auto 0;font-size:12px;color:#616e7c">${h(footer)}</p>
</body></html>`;
}

const contactLines = (sender: Sender) => {
  const { name, email } = sender.contact ?? {};
  return [name, email ? `<${email}>` : undefined].filter(Boolean).join(' ');
};

export function composeLinkMail(input: LinkMailInput): ComposedMail {
  const locale = mailLocale(input.recipient.locale);
  const t = MAIL_TEXTS[locale];
  const { company } = input.sender;
  const what = t.what(input.subject.type, input.subject.label);
  const title = input.subject.label.title;
  const when = formatWhen(input.expiresAt, locale, input.recipient.timeZone);
  const allowed = input.actions.map((a) => t.actions[a]);
  const uses = input.maxUses === 1 ? t.oneTime : input.maxUses ? t.uses(input.maxUses) : undefined;
  const contact = contactLines(input.sender);
  const subject = (input.renewed ? t.renewedSubject : t.linkSubject)(company, what);
  const text = [
    t.greeting(input.recipient.name),
    '',
    ...(input.renewed ? [t.renewedIntro, ''] : []),
    t.linkIntro(company, what),
    ...(title ? [title] : []),
    '',
    t.allows,
    ...allowed.map((a) => `- ${a}`),
    '',
    `${t.open}: ${input.url}`,
    '',
    t.expires(when),
    ...(uses ? [uses] : []),
    t.personal,
    ...(contact ? ['', `${t.contact} ${contact}`] : []),
    '',
    '--',
    t.footer(company),
    '',
  ].join('\n');
  const html = frame(
    locale,
    subject,
    `<p>${h(t.greeting(input.recipient.name))}</p>
${input.renewed ? `<p>${h(t.renewedIntro)}</p>` : ''}
<p>${h(t.linkIntro(company, what))}</p>
${title ? `<p style="font-weight:bold">${h(title)}</p>` : ''}
<p>${h(t.allows)}</p>
<ul>${allowed.map((a) => `<li>${h(a)}</li>`).join('')}</ul>
<p style="margin:24px 0"><a href="${h(input.url)}" style="display:inline-block;background:#1f6feb;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:bold">${h(t.button(input.subject.type, input.subject.label))}</a></p>
<p style="font-size:13px;color:#52606d;word-break:break-all">${h(input.url)}</p>
<p>${h(t.expires(when))}${uses ? ` ${h(uses)}` : ''}</p>
<p style="font-size:13px;color:#52606d">${h(t.personal)}</p>
${contact ? `<p style="font-size:13px">${h(t.contact)} ${h(contact)}</p>` : ''}`,
    t.footer(company),
  );
  return { subject, text, html };
}

export function composeStepUpMail(input: StepUpMailInput): ComposedMail {
  const locale = mailLocale(input.recipient.locale);
  const t = MAIL_TEXTS[locale];
  const { company } = input.sender;
  const what = t.what(input.subject.type, input.subject.label);
  const when = formatWhen(input.expiresAt, locale, input.recipient.timeZone);
  const intro = t.stepUpIntro(t.actions[input.action], what);
  const subject = t.stepUpSubject(input.code, company);
  const text = [
    t.greeting(input.recipient.name),
    '',
    intro,
    '',
    `    ${input.code}`,
    '',
    t.stepUpValid(when),
    t.stepUpNotYou,
    '',
    '--',
    t.footer(company),
    '',
  ].join('\n');
  const html = frame(
    locale,
    subject,
    `<p>${h(t.greeting(input.recipient.name))}</p>
<p>${h(intro)}</p>
<p style="font-size:32px;letter-spacing:6px;font-weight:bold;font-family:'Courier New',monospace;margin:24px 0">${h(input.code)}</p>
<p>${h(t.stepUpValid(when))}</p>
<p style="font-size:13px;color:#52606d">${h(t.stepUpNotYou)}</p>`,
    t.footer(company),
  );
  return { subject, text, html };
}
