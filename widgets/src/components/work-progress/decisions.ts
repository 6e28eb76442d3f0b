// The customer's decisions on a job (with `job:approve`): quotes approved or rejected, the completed work
// accepted (with a drawn or typed signature) or a problem reported, and a rating. What was decided shows
// in place of its form; what waits to be sent shows as waiting.
import { html, nothing } from 'lit';
import { SIGNATURE_DATA_URL_MAX } from '@amage/contracts/constants';
import type { ApprovalDecision, JobQuote, JobView } from '@amage/contracts';
import type { FormController, FormSpec } from '../../internal/form/form-controller.js';
import {
  choiceField,
  customField,
  errorSummary,
  formStatus,
  inputField,
  requiredNote,
  restoredNote,
  textareaField,
} from '../../internal/form/fields.js';
import type { LocalizeController } from '../../internal/localize.js';
import { subjectPath, type OutboxItem } from '../../internal/outbox.js';

export type Decision = ApprovalDecision;

export interface DecisionValues {
  name: string;
  /** A comment per pending quote. */
  quoteComments: Record<string, string>;
  remarks: string;
  /** Set by the button pressed: what the submit decides. */
  decision: Decision | '';
  quoteRef: string;
}

export interface RatingValues {
  score: number;
  comment: string;
}

const emptyDecision = (): DecisionValues => ({ name: '', quoteComments: {}, remarks: '', decision: '', quoteRef: '' });

const isQuote = (d: Decision | '') => d === 'approve-quote' || d === 'reject-quote';

export function decisionSpec(o: {
  job: () => string;
  localize: LocalizeController;
  /** The drawn signature as a PNG data URL, if any. */
  signature: () => string | undefined;
  sent: (decision: Decision, id: string) => void;
}): FormSpec<DecisionValues> {
  const w = () => o.localize.table('workProgress');
  return {
    id: 'decision',
    kind: (v) => v.decision || 'accept-work',
    empty: emptyDecision,
    request: (v) => {
      const errors = [];
      const name = v.name.trim();
      if (!name) errors.push({ pointer: '/name', message: 'required', keyword: 'required' });
      const comment = (isQuote(v.decision) ? v.quoteComments[v.quoteRef] : v.remarks)?.trim();
      if (v.decision === 'report-problem' && !comment)
        errors.push({ pointer: '#remarks', message: 'needs remarks', keyword: 'problem-needs-remarks' });
      const signature = v.decision === 'accept-work' ? o.signature() : undefined;
      if (signature && signature.length > SIGNATURE_DATA_URL_MAX)
        errors.push({ pointer: '#signature', message: 'too large', keyword: 'signature-too-large' });
      return {
        method: 'post',
        path: `${subjectPath({ type: 'job', ref: o.job() })}/approvals`,
        body: {
          decision: v.decision,
          name,
          ...(isQuote(v.decision) ? { quoteRef: v.quoteRef } : {}),
          ...(comment ? { comment } : {}),
          ...(signature ? { signature } : {}),
        },
        target: isQuote(v.decision) ? v.quoteRef : 'work',
        errors,
      };
    },
    fieldOf: (pointer) => (pointer === '/comment' ? 'remarks' : pointer === '/name' ? 'name' : pointer.slice(1)),
    messages: (error) =>
      error.keyword === 'problem-needs-remarks'
        ? w().problemNeedsRemarks
        : error.keyword === 'signature-too-large'
          ? w().signatureTooLarge
          : undefined,
    problems: () => ({ 'job.quote_already_decided': w().notAsked, 'job.not_completed': w().notAsked }),
    sentText: () => w().sent,
    // The name stays for the next decision; what was decided goes.
    afterSent: (v) => {
      const { [v.quoteRef]: _decided, ...quoteComments } = v.quoteComments;
      return { ...emptyDecision(), name: v.name, quoteComments, remarks: isQuote(v.decision) ? v.remarks : '' };
    },
    sent: (result, item) => o.sent((item.body as { decision: Decision }).decision, (result as { id: string }).id),
  };
}

export function ratingSpec(o: {
  job: () => string;
  localize: LocalizeController;
  sent: (id: string) => void;
}): FormSpec<RatingValues> {
  return {
    id: 'rating',
    kind: 'rating',
    empty: () => ({ score: 0, comment: '' }),
    request: (v) => ({
      method: 'post',
      path: `${subjectPath({ type: 'job', ref: o.job() })}/ratings`,
      body: { score: v.score, ...(v.comment.trim() ? { comment: v.comment.trim() } : {}) },
      errors: v.score ? [] : [{ pointer: '/score', message: 'choose', keyword: 'choose-score' }],
    }),
    messages: (error) => (error.keyword === 'choose-score' ? o.localize.table('workProgress').chooseScore : undefined),
    sentText: () => o.localize.table('workProgress').ratingSent,
    sent: (result) => o.sent((result as { id: string }).id),
  };
}

export interface DecisionsView {
  readonly localize: LocalizeController;
  readonly job: JobView;
  readonly decision: FormController<DecisionValues>;
  readonly rating: FormController<RatingValues>;
  /** Decisions and ratings the server accepted that the job does not show yet (queued ones stay in their form). */
  readonly accepted: readonly OutboxItem[];
  /** Whether a drawing is on the signature pad. */
  readonly signed: boolean;
  clearSignature(): void;
}

function renderQuote(view: DecisionsView, q: JobQuote) {
  const { localize, decision: form } = view;
  const w = localize.table('workProgress');
  const choose = (decision: Decision) => form.set({ decision, quoteRef: q.ref });
  return html`<div class="quote" role="group" aria-labelledby="quote-${q.ref}-title">
    <h4 id="quote-${q.ref}-title">${w.quote}: ${q.title}</h4>
    ${q.amount !== undefined ? html`<p>${w.amount}: ${localize.number(q.amount, q.currency ? { style: 'currency', currency: q.currency } : {})}</p>` : nothing}
    ${q.description ? html`<p class="muted">${q.description}</p>` : nothing}
    ${textareaField(form, {
      name: `quote:${q.ref}`,
      label: w.comment,
      rows: 2,
      maxLength: 4000,
      value: form.values.quoteComments[q.ref] ?? '',
      onInput: (v) => form.update((x) => (x.quoteComments = { ...x.quoteComments, [q.ref]: v }), `quote:${q.ref}`),
    })}
    <div class="actions">
      <button part="button submit-button" class="button button--primary" type="submit" ?disabled=${form.busy || form.waiting.length > 0} aria-label="${w.approveQuote}: ${q.title}" @click=${() => choose('approve-quote')}>
        ${w.approveQuote}
      </button>
      <button part="button submit-button" class="button" type="submit" ?disabled=${form.busy || form.waiting.length > 0} aria-label="${w.rejectQuote}: ${q.title}" @click=${() => choose('reject-quote')}>
        ${w.rejectQuote}
      </button>
    </div>
  </div>`;
}

function renderAcceptance(view: DecisionsView) {
  const { localize, decision: form } = view;
  const w = localize.table('workProgress');
  const busy = form.busy || form.waiting.length > 0;
  return html`<div class="acceptance" role="group" aria-labelledby="acceptance-title">
    <h4 id="acceptance-title">${w.acceptance}</h4>
    ${textareaField(form, {
      name: 'remarks',
      label: w.remarks,
      hint: w.remarksHint,
      rows: 3,
      maxLength: 4000,
      value: form.values.remarks,
      onInput: (v) => form.set({ remarks: v }, 'remarks'),
    })}
    ${customField(
      form,
      { name: 'signature', label: w.signature, hint: w.signatureHint },
      (a) => html`<canvas
          part="signature"
          class="signature"
          id=${a.id}
          width="600"
          height="180"
          role="img"
          aria-label=${w.signatureArea}
          aria-describedby=${a.describedBy}
        ></canvas>
        <div class="actions">
          <button part="button" class="button" type="button" ?disabled=${!view.signed} @click=${() => view.clearSignature()}>${w.clearSignature}</button>
        </div>`,
    )}
    <div class="actions">
      <button part="button submit-button" class="button button--primary" type="submit" ?disabled=${busy} @click=${() => form.set({ decision: 'accept-work', quoteRef: '' })}>
        ${w.acceptWork}
      </button>
      <button part="button submit-button" class="button" type="submit" ?disabled=${busy} @click=${() => form.set({ decision: 'report-problem', quoteRef: '' })}>
        ${w.reportProblem}
      </button>
    </div>
  </div>`;
}

function renderRating(view: DecisionsView) {
  const { localize, rating: form } = view;
  const w = localize.table('workProgress');
  return html`<form part="form" class="rating" data-form="rating" novalidate aria-labelledby="rating-title" @submit=${form.handleSubmit}>
    <h4 id="rating-title">${w.rating}</h4>
    ${errorSummary(form, localize)} ${restoredNote(form, localize)}
    <fieldset class="plain" ?disabled=${form.waiting.length > 0}>
      ${choiceField(form, {
        name: '/score',
        label: w.score,
        type: 'radio',
        required: true,
        value: form.values.score ? String(form.values.score) : '',
        options: [1, 2, 3, 4, 5].map((n) => [String(n), w.stars(n)] as const),
        onChange: (v) => form.set({ score: Number(v) }, '/score'),
      })}
      ${textareaField(form, {
        name: '/comment',
        label: w.ratingComment,
        rows: 2,
        maxLength: 2000,
        value: form.values.comment,
        onInput: (v) => form.set({ comment: v }, '/comment'),
      })}
    </fieldset>
    <div class="actions">
      <button part="button submit-button" class="button button--primary" type="submit" ?disabled=${form.busy || form.waiting.length > 0}>${w.sendRating}</button>
    </div>
    ${formStatus(form, localize)}
  </form>`;
}

/** Whether the job asks for a decision now (or shows one), so the section is drawn at all. */
export function hasDecisions(job: JobView) {
  const quotes = job.quotes ?? [];
  return quotes.length > 0 || job.status === 'completed' || Boolean(job.acceptance) || Boolean(job.rating);
}

export function renderDecisions(view: DecisionsView) {
  const { localize, job, decision: form } = view;
  const w = localize.table('workProgress');
  const t = localize;
  const sent = (kind: string, target?: string) =>
    view.accepted.find((i) => i.kind === kind && (target === undefined || i.target === target));
  const quoteSent = (q: JobQuote) => sent('approve-quote', q.ref) ?? sent('reject-quote', q.ref);
  const pending = (job.quotes ?? []).filter((q) => q.state === 'pending' && !quoteSent(q));
  const decided = (job.quotes ?? []).filter((q) => q.state !== 'pending' || quoteSent(q));
  const workSent = sent('accept-work') ?? sent('report-problem');
  const canAccept = job.status === 'completed' && !job.acceptance && !workSent;
  const ratingSent = sent('rating');
  const canRate = job.status === 'completed' && !job.rating && !ratingSent;
  const stateOf = (q: JobQuote) => {
    const item = quoteSent(q);
    if (item) return item.kind === 'approve-quote' ? w.quoteApproved : w.quoteRejected;
    return q.state === 'approved' ? w.quoteApproved : w.quoteRejected;
  };
  return html`<section part="decisions" class="decisions" aria-labelledby="decisions-title">
    <h3 id="decisions-title">${w.decisions}</h3>
    ${
      pending.length || canAccept
        ? html`<form part="form" class="decision-form" data-form="decision" novalidate aria-labelledby="decisions-title" @submit=${form.handleSubmit}>
          ${errorSummary(form, localize)} ${restoredNote(form, localize)} ${requiredNote(localize)}
          <fieldset class="plain" ?disabled=${form.waiting.length > 0}>
            ${inputField(form, {
              name: 'name',
              label: w.yourName,
              required: true,
              autocomplete: 'name',
              maxLength: 200,
              value: form.values.name,
              onInput: (v) => form.set({ name: v }, 'name'),
            })}
            ${pending.map((q) => renderQuote(view, q))}
            ${canAccept ? renderAcceptance(view) : nothing}
          </fieldset>
          ${formStatus(form, localize)}
        </form>`
        : form.status
          ? formStatus(form, localize)
          : nothing
    }
    ${decided.map((q) => html`<p class="muted">${w.quote}: ${q.title} — ${stateOf(q)}</p>`)}
    ${
      job.acceptance
        ? html`<p>
          ${
            job.acceptance.decision === 'accept-work'
              ? w.accepted(job.acceptance.name, t.date(job.acceptance.at, { dateStyle: 'medium' }))
              : w.problemReported(job.acceptance.name, t.date(job.acceptance.at, { dateStyle: 'medium' }))
          }
        </p>`
        : workSent
          ? html`<p>${workSent.kind === 'accept-work' ? w.acceptedJustNow : w.problemJustNow}</p>`
          : nothing
    }
    ${canRate ? renderRating(view) : nothing}
    ${job.rating ? html`<p>${w.rated(job.rating.score)}</p>` : ratingSent ? html`<p>${w.rated((ratingSent.body as { score: number }).score)}</p>` : nothing}
    ${!canRate && view.rating.status ? formStatus(view.rating, localize) : nothing}
  </section>`;
}
