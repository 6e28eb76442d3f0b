import { html, nothing } from 'lit';
import { ApiError, stepUp, type KyInstance } from '@amage/api-client';
import type { Action, StepUpChallenge } from '@amage/contracts';
import { fieldMarkup } from './form/field-markup.js';

/**
 * Step-up for risky actions (design.md), shared by the widgets that have one (`<amage-complaint>`'s
 * acceptance, the LOTO isolation sign-off and permit sign-offs): the server answers 403
 * `step_up.required` when the link needs a one-time code for the action; the widget then asks for
 * one (`POST /step-up`, sent to the link's recipient), shows where it went, and sends the same
 * request again with `X-Step-Up-Code`. A wrong code (`step_up.invalid`) is said at the code field.
 */
export interface StepUpPrompt {
  /** The code field is shown. */
  readonly asking: boolean;
  /** What the person typed. */
  readonly code: string;
  /** The message at the code field, if any. */
  readonly error: string;
  /** Where the code was sent, masked (`j***@firm.example`). */
  readonly recipient?: string;
}

/** The strings the prompt needs (each widget's translation table has them). */
export interface StepUpStrings {
  stepUpSent: (recipient?: string) => string;
  stepUpCode: string;
  stepUpResend: string;
  stepUpWrong: string;
  stepUpExpired: string;
}

export const NO_STEP_UP: StepUpPrompt = { asking: false, code: '', error: '' };

/** A 403 `step_up.*` answer: the action needs (another) confirmation code. */
export const isStepUpProblem = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.status === 403 && error.code.startsWith('step_up.');

/** Six digits, as the server sends them. */
export const isCompleteCode = (code: string) => /^\d{6}$/.test(code.trim());

/**
 * The prompt after a `step_up.*` refusal, and whether a (new) code must be asked for: a wrong code is
 * said at the field; a code that is no longer valid (expired, used up) offers a new one; no code yet
 * means one is requested now.
 */
export function afterStepUpRefusal(
  prompt: StepUpPrompt,
  error: ApiError,
  t: StepUpStrings,
): { prompt: StepUpPrompt; request: boolean } {
  if (error.code === 'step_up.invalid')
    return { prompt: { ...prompt, asking: true, error: t.stepUpWrong }, request: false };
  if (prompt.asking && prompt.code) return { prompt: { ...prompt, error: t.stepUpExpired }, request: false };
  return { prompt, request: true };
}

/** Asks the server to send a code for `action` to the link's recipient; the prompt to show then. */
export async function requestStepUpCode(
  client: KyInstance,
  action: Action,
): Promise<{ prompt: StepUpPrompt; challenge: StepUpChallenge }> {
  const challenge = await stepUp.request(client, { action });
  return {
    prompt: { asking: true, code: '', error: '', ...(challenge.recipient ? { recipient: challenge.recipient } : {}) },
    challenge,
  };
}

/**
 * The code field: where the code was sent, the field (shared field markup: label, error at the field
 * with `aria-describedby`), and "send a new code". Put it inside the form whose submit sends the code.
 * @csspart step-up - The one-time code prompt of a risky action (where the code was sent, the code field, "send a new code").
 * @csspart field - A form field: label, control, hint and error.
 * @csspart input - Inputs and text areas.
 * @csspart button - Every button.
 */
export function renderStepUpPrompt(
  prompt: StepUpPrompt,
  t: StepUpStrings,
  on: { input: (code: string) => void; resend: () => void },
  id = 'step-up-code',
) {
  if (!prompt.asking) return nothing;
  return html`<div part="step-up" class="step-up">
    <p role="status">${t.stepUpSent(prompt.recipient)}</p>
    ${fieldMarkup({
      id,
      label: t.stepUpCode,
      required: true,
      error: prompt.error || undefined,
      control: (a) => html`<input
        part="input"
        class="input"
        id=${a.id}
        inputmode="numeric"
        autocomplete="one-time-code"
        maxlength="6"
        .value=${prompt.code}
        aria-required=${a.required}
        aria-invalid=${a.invalid}
        aria-describedby=${a.describedBy}
        @input=${(e: Event) => on.input((e.target as HTMLInputElement).value)}
      />`,
    })}
    <button type="button" part="button" class="button button--small" @click=${() => on.resend()}>${t.stepUpResend}</button>
  </div>`;
}
