import type { Action, SubjectType } from '@amage/contracts';

/** The languages mail is written in; any other recipient locale gets English. */
export type MailLocale = 'pl' | 'en' | 'de';

export const mailLocale = (locale: string | undefined): MailLocale => {
  const language = locale?.slice(0, 2).toLowerCase();
  return language === 'pl' || language === 'de' ? language : 'en';
};

/** What a mail names: the subject's kind and its number (or the customer's name), optionally a title. */
export interface SubjectLabel {
  number: string;
  title?: string;
}

interface Texts {
  /** "purchase order PO/2026/0042" */
  what(type: SubjectType, label: SubjectLabel): string;
  actions: Record<Action, string>;
  greeting(name: string | undefined): string;
  linkSubject(company: string, what: string): string;
  renewedSubject(company: string, what: string): string;
  linkIntro(company: string, what: string): string;
  renewedIntro: string;
  allows: string;
  open: string;
  /** The HTML button: "Open purchase order PO/2026/0042". */
  button(type: SubjectType, label: SubjectLabel): string;
  expires(when: string): string;
  oneTime: string;
  uses(n: number): string;
  personal: string;
  contact: string;
  stepUpSubject(code: string, company: string): string;
  stepUpIntro(action: string, what: string): string;
  stepUpValid(when: string): string;
  stepUpNotYou: string;
  footer(company: string): string;
}

const en: Texts = {
  what: (type, { number }) =>
    ({
      'purchase-order': `purchase order ${number}`,
      complaint: `complaint ${number}`,
      'work-order': `work order ${number}`,
      customer: `service requests for ${number}`,
      job: `job ${number}`,
    })[type],
  actions: {
    'order:read': 'see the purchase order',
    'order:confirm-dates': 'confirm or propose delivery dates and quantities',
    'order:declare-delivery': 'declare deliveries (shipping notices)',
    'complaint:read': 'see the complaint',
    'complaint:respond': 'answer the complaint stage by stage (8D), attach files, accept or dispute it',
    'work-order:read': 'see the work order',
    'work-order:log-work': 'log work, materials and findings',
    'work-order:complete': 'confirm the work as complete',
    'inspection:submit': 'fill in and submit inspection checklists',
    'loto:acknowledge': 'go through the lockout/tagout procedure',
    'permit:sign': 'sign on and off the permit to work',
    'request:create': 'report faults and request service',
    'request:read': 'follow the requests made with this link',
    'job:read': 'follow the progress of the job',
    'job:approve': 'approve quotes and accept the work',
  },
  greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
  linkSubject: (company, what) => `${company}: your link to ${what}`,
  renewedSubject: (company, what) => `${company}: a new link to ${what}`,
  linkIntro: (company, what) => `${company} gives you access to ${what}. No account or password is needed.`,
  renewedIntro: 'You asked for a new link; here it is. The previous link no longer works.',
  allows: 'With this link you can:',
  open: 'Open',
  button: (type, label) => `Open ${en.what(type, label)}`,
  expires: (when) => `The link works until ${when}.`,
  oneTime: 'It can be used once: open it when you are ready to work.',
  uses: (n) => `It can be opened ${n} times.`,
  personal: 'The link is meant for you alone: please do not forward it.',
  contact: 'Your contact:',
  stepUpSubject: (code, company) => `${code} is your confirmation code (${company})`,
  stepUpIntro: (action, what) => `Enter this code to confirm that you want to ${action} (${what}):`,
  stepUpValid: (when) => `The code is valid until ${when} and can be used once.`,
  stepUpNotYou: 'If you did not ask for it, ignore this message: nothing happens without the code.',
  footer: (company) => `Sent by the portal of ${company}. This is an automatic message.`,
};

const pl: Texts = {
  what: (type, { number }) =>
    ({
      'purchase-order': `zamówienia ${number}`,
      complaint: `reklamacji ${number}`,
      'work-order': `zlecenia pracy ${number}`,
      customer: `zgłoszeń serwisowych (${number})`,
      job: `zlecenia ${number}`,
    })[type],
  actions: {
    'order:read': 'przeglądać zamówienie',
    'order:confirm-dates': 'potwierdzać lub proponować terminy i ilości dostaw',
    'order:declare-delivery': 'zgłaszać wysyłki (awizacje dostaw)',
    'complaint:read': 'przeglądać reklamację',
    'complaint:respond': 'odpowiadać na reklamację etapami (8D), dołączać pliki, przyjąć ją lub zakwestionować',
    'work-order:read': 'przeglądać zlecenie',
    'work-order:log-work': 'rejestrować pracę, materiały i ustalenia',
    'work-order:complete': 'potwierdzić zakończenie prac',
    'inspection:submit': 'wypełniać i przesyłać listy kontrolne',
    'loto:acknowledge': 'przejść procedurę LOTO (blokada i oznakowanie)',
    'permit:sign': 'wpisywać się na pozwolenie na pracę i wypisywać się z niego',
    'request:create': 'zgłaszać awarie i zamawiać serwis',
    'request:read': 'śledzić zgłoszenia wysłane tym linkiem',
    'job:read': 'śledzić postęp zlecenia',
    'job:approve': 'akceptować oferty i odbierać prace',
  },
  greeting: (name) => (name ? `Dzień dobry, ${name},` : 'Dzień dobry,'),
  linkSubject: (company, what) => `${company}: link do ${what}`,
  renewedSubject: (company, what) => `${company}: nowy link do ${what}`,
  linkIntro: (company, what) => `${company} udostępnia Państwu dostęp do ${what}. Konto ani hasło nie są potrzebne.`,
  renewedIntro: 'Na Państwa prośbę przesyłamy nowy link. Poprzedni link już nie działa.',
  allows: 'Za pomocą tego linku można:',
  open: 'Otwórz',
  button: (type, { number }) =>
    ({
      'purchase-order': `Otwórz zamówienie ${number}`,
      complaint: `Otwórz reklamację ${number}`,
      'work-order': `Otwórz zlecenie pracy ${number}`,
      customer: `Otwórz zgłoszenia serwisowe (${number})`,
      job: `Otwórz zlecenie ${number}`,
    })[type],
  expires: (when) => `Link jest ważny do ${when}.`,
  oneTime: 'Można go użyć jeden raz: proszę go otworzyć, gdy będą Państwo gotowi do pracy.',
  uses: (n) => `Można go otworzyć ${n} razy.`,
  personal: 'Link jest przeznaczony tylko dla Państwa: prosimy go nie przekazywać dalej.',
  contact: 'Osoba kontaktowa:',
  stepUpSubject: (code, company) => `${code} to Państwa kod potwierdzający (${company})`,
  stepUpIntro: (action, what) => `Proszę wpisać ten kod, aby potwierdzić czynność: ${action} (dotyczy ${what}):`,
  stepUpValid: (when) => `Kod jest ważny do ${when} i można go użyć jeden raz.`,
  stepUpNotYou: 'Jeśli to nie Państwo prosili o kod, proszę zignorować tę wiadomość: bez kodu nic się nie stanie.',
  footer: (company) => `Wiadomość wysłana automatycznie przez portal firmy ${company}.`,
};

const de: Texts = {
  what: (type, { number }) =>
    ({
      'purchase-order': `Bestellung ${number}`,
      complaint: `Reklamation ${number}`,
      'work-order': `Arbeitsauftrag ${number}`,
      customer: `Serviceanfragen (${number})`,
      job: `Auftrag ${number}`,
    })[type],
  actions: {
    'order:read': 'die Bestellung ansehen',
    'order:confirm-dates': 'Liefertermine und Mengen bestätigen oder vorschlagen',
    'order:declare-delivery': 'Lieferungen avisieren',
    'complaint:read': 'die Reklamation ansehen',
    'complaint:respond':
      'die Reklamation schrittweise (8D) beantworten, Dateien anhängen, sie annehmen oder bestreiten',
    'work-order:read': 'den Arbeitsauftrag ansehen',
    'work-order:log-work': 'Arbeitszeit, Material und Befunde erfassen',
    'work-order:complete': 'den Abschluss der Arbeiten bestätigen',
    'inspection:submit': 'Prüfchecklisten ausfüllen und absenden',
    'loto:acknowledge': 'das LOTO-Verfahren (Sperren und Kennzeichnen) durchgehen',
    'permit:sign': 'sich beim Arbeitserlaubnisschein an- und abmelden',
    'request:create': 'Störungen melden und Service anfordern',
    'request:read': 'die mit diesem Link gestellten Anfragen verfolgen',
    'job:read': 'den Fortschritt des Auftrags verfolgen',
    'job:approve': 'Angebote freigeben und die Arbeiten abnehmen',
  },
  greeting: (name) => (name ? `Guten Tag ${name},` : 'Guten Tag,'),
  linkSubject: (company, what) => `${company}: Ihr Link zu ${what}`,
  renewedSubject: (company, what) => `${company}: ein neuer Link zu ${what}`,
  linkIntro: (company, what) => `${company} gibt Ihnen Zugang zu ${what}. Sie brauchen weder Konto noch Passwort.`,
  renewedIntro: 'Sie haben einen neuen Link angefordert: hier ist er. Der bisherige Link funktioniert nicht mehr.',
  allows: 'Mit diesem Link können Sie:',
  open: 'Öffnen',
  button: (type, label) => `${de.what(type, label)} öffnen`,
  expires: (when) => `Der Link gilt bis ${when}.`,
  oneTime: 'Er kann einmal benutzt werden: öffnen Sie ihn, wenn Sie mit der Arbeit beginnen.',
  uses: (n) => `Er kann ${n}-mal geöffnet werden.`,
  personal: 'Der Link ist nur für Sie bestimmt: bitte leiten Sie ihn nicht weiter.',
  contact: 'Ihr Ansprechpartner:',
  stepUpSubject: (code, company) => `${code} ist Ihr Bestätigungscode (${company})`,
  stepUpIntro: (action, what) => `Geben Sie diesen Code ein, um zu bestätigen: ${action} (${what}):`,
  stepUpValid: (when) => `Der Code gilt bis ${when} und kann einmal benutzt werden.`,
  stepUpNotYou: 'Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese Nachricht: ohne den Code geschieht nichts.',
  footer: (company) => `Automatisch gesendet vom Portal von ${company}.`,
};

export const MAIL_TEXTS: Record<MailLocale, Texts> = { en, pl, de };

/** A time as the recipient reads it: long date, hours and minutes, and the time zone's name. */
export function formatWhen(at: Date, locale: MailLocale, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(at);
}
