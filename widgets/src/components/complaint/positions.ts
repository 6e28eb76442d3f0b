// The supplier's position on the whole complaint: dispute it (while open), or accept it with the proposed
// resolution, which may need a one-time code (step-up). Both end once the complaint is accepted or closed.
import { html, nothing } from 'lit';
import { validateCreateAcceptanceBody } from '@amage/contracts/validators/CreateAcceptanceBody';
import { validateCreateDisputeBody } from '@amage/contracts/validators/CreateDisputeBody';
import type { FormController, FormSpec } from '../../internal/form/form-controller.js';
import {
  errorSummary,
  formStatus,
  inputField,
  requiredNote,
  restoredNote,
  submitButton,
  textareaField,
} from '../../internal/form/fields.js';
import type { LocalizeController } from '../../internal/localize.js';
import { subjectPath, type Outbox } from '../../internal/outbox.js';
import { renderStepUpPrompt } from '../../internal/step-up.js';
import { acceptanceBody, disputeBody, type AcceptValues, type DisputeValues } from './bodies.js';

export function disputeSpec(
  ref: () => string,
  localize: LocalizeController,
  sent: () => void,
): FormSpec<DisputeValues> {
  return {
    id: 'dispute',
    kind: 'dispute',
    empty: () => ({ reason: '' }),
    request: (values) => ({
      method: 'post',
      path: `${subjectPath({ type: 'complaint', ref: ref() })}/disputes`,
      body: disputeBody(values),
      validate: validateCreateDisputeBody,
    }),
    problems: () => localize.table('complaint').errors,
    sentText: () => localize.table('complaint').sentDispute,
    sent,
  };
}

export function acceptSpec(ref: () => string, localize: LocalizeController, sent: () => void): FormSpec<AcceptValues> {
  return {
    id: 'accept',
    kind: 'acceptance',
    empty: () => ({ name: '', comment: '' }),
    request: (values) => ({
      method: 'post',
      path: `${subjectPath({ type: 'complaint', ref: ref() })}/acceptance`,
      body: acceptanceBody(values),
      validate: validateCreateAcceptanceBody,
      stepUp: 'complaint:respond',
    }),
    problems: () => localize.table('complaint').errors,
    sentText: () => localize.table('complaint').sentAccept,
    sent,
  };
}

export function renderDispute(localize: LocalizeController, form: FormController<DisputeValues>) {
  const t = localize.table('complaint');
  const open = !form.pristine || form.errors().length > 0 || form.waiting.length > 0 || Boolean(form.status);
  return html`<details class="card" ?open=${open}>
    <summary>${t.dispute}</summary>
    <form part="form" id="dispute-form" data-form="dispute" novalidate aria-label=${t.dispute} @submit=${form.handleSubmit}>
      <p class="muted">${t.disputeIntro}</p>
      ${errorSummary(form, localize)} ${restoredNote(form, localize)}
      <fieldset class="plain" ?disabled=${form.waiting.length > 0}>
        ${textareaField(form, {
          name: '/reason',
          label: t.disputeReason,
          required: true,
          maxLength: 4000,
          value: form.values.reason,
          onInput: (v) => form.set({ reason: v }, '/reason'),
        })}
      </fieldset>
      ${submitButton(form, t.sendDispute, { primary: false })}
      ${formStatus(form, localize)}
    </form>
  </details>`;
}

export function renderAccept(
  localize: LocalizeController,
  form: FormController<AcceptValues>,
  outbox: Outbox | undefined,
) {
  const t = localize.table('complaint');
  const wait = form.stepUp;
  return html`<form part="form" id="accept-form" data-form="accept" class="card" novalidate aria-labelledby="accept-title" @submit=${form.handleSubmit}>
    <h3 id="accept-title">${t.accept}</h3>
    <p class="muted">${t.acceptIntro}</p>
    ${errorSummary(form, localize)} ${restoredNote(form, localize)} ${requiredNote(localize)}
    <fieldset class="plain" ?disabled=${form.waiting.length > 0}>
      ${inputField(form, { name: '/name', label: t.name, required: true, autocomplete: 'name', maxLength: 200, value: form.values.name, onInput: (v) => form.set({ name: v }, '/name') })}
      ${textareaField(form, { name: '/comment', label: t.comment, maxLength: 4000, value: form.values.comment, onInput: (v) => form.set({ comment: v }, '/comment') })}
    </fieldset>
    ${
      wait && outbox
        ? renderStepUpPrompt(wait.prompt, t, {
            input: (code) => outbox.typeCode(code),
            resend: () => void outbox.requestCode(),
          })
        : nothing
    }
    ${submitButton(form, t.sendAccept)}
    ${formStatus(form, localize)}
  </form>`;
}
