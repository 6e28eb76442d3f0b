// Date confirmation: each line accepted as requested, or a proposal (schedule, backorder, a part not
// delivered, with a reason). Lines already answered show the answer, with "change the answer".
import { html, nothing } from 'lit';
import { countsPieces, dateConfirmationErrors } from '@amage/contracts/rules';
import { earliestToday } from '../../internal/date-rules.js';
import { REASON_CODES } from '@amage/contracts/constants';
import type { LineResponse, PurchaseOrderLineView, PurchaseOrderView } from '@amage/contracts';
import { validateCreateDateConfirmationBody } from '@amage/contracts/validators/CreateDateConfirmationBody';
import type { FormController, FormSpec } from '../../internal/form/form-controller.js';
import {
  choiceField,
  customField,
  errorSummary,
  formStatus,
  inputField,
  requiredNote,
  restoredNote,
  selectField,
  submitButton,
  textareaField,
} from '../../internal/form/fields.js';
import type { LocalizeController } from '../../internal/localize.js';
import { subjectPath } from '../../internal/outbox.js';
import {
  confirmationBody,
  emptyConfirm,
  emptyConfirmLine,
  lineField,
  num,
  type ConfirmLineValues,
  type ConfirmValues,
} from './bodies.js';
import { answerParts, quantity } from './order-lines.js';

/** The line's latest answer as sent from here, until the order reloaded with it (`waiting`: still queued). */
export type SentAnswers = ReadonlyMap<number, { answer: LineResponse; waiting: boolean }>;

export function confirmSpec(
  order: () => PurchaseOrderView,
  localize: LocalizeController,
  sent: (lineNos: readonly number[]) => void,
): FormSpec<ConfirmValues> {
  return {
    id: 'confirm',
    kind: 'date-confirmation',
    empty: emptyConfirm,
    request: (values, now) => {
      const o = order();
      const body = confirmationBody(
        values,
        o.lines.map((l) => l.lineNo),
      );
      if (!body.lines.length) {
        const first = o.lines[0]?.lineNo ?? 1;
        return { errors: [{ pointer: `#L${first}/answer`, message: 'nothing answered', keyword: 'nothing-answered' }] };
      }
      return {
        method: 'post',
        path: `${subjectPath({ type: 'purchase-order', ref: o.ref })}/date-confirmations`,
        body,
        validate: validateCreateDateConfirmationBody,
        errors: dateConfirmationErrors(body, o.lines, now),
      };
    },
    fieldOf: (pointer, body) => lineField(pointer, body as { lines?: { lineNo: number }[] }),
    messages: (error) =>
      error.keyword === 'nothing-answered' ? localize.table('deliveryForm').nothingAnswered : undefined,
    problems: () => localize.table('deliveryForm').errors,
    sentText: () => localize.table('deliveryForm').sentConfirmation,
    sent: (_result, item) => sent((item.body as { lines: LineResponse[] }).lines.map((l) => l.lineNo)),
  };
}

export interface ConfirmView {
  readonly localize: LocalizeController;
  readonly form: FormController<ConfirmValues>;
  readonly order: PurchaseOrderView;
  readonly sent: SentAnswers;
  /** Answered lines the person chose to answer again. */
  readonly changing: ReadonlySet<number>;
  change(lineNo: number): void;
}

/** Whether the form asks about the line: not answered yet, the proposal rejected, or the person changes the answer. */
const asksAbout = (view: Pick<ConfirmView, 'sent' | 'changing'>, line: PurchaseOrderLineView) =>
  view.changing.has(line.lineNo) ||
  (!view.sent.has(line.lineNo) && (line.confirmation === 'open' || line.confirmation === 'proposal-rejected'));

const editLine = (
  form: FormController<ConfirmValues>,
  lineNo: number,
  field: string,
  mutate: (l: ConfirmLineValues) => void,
) =>
  form.update((v) => {
    const line = v.lines[lineNo] ?? emptyConfirmLine();
    mutate(line);
    v.lines[lineNo] = line;
  }, field);

function renderProposal(view: ConfirmView, line: PurchaseOrderLineView, d: ConfirmLineValues) {
  const { localize, form } = view;
  const t = localize.table('deliveryForm');
  const key = `L${line.lineNo}`;
  const pieces = countsPieces(line.unit);
  const amount = {
    type: 'number' as const,
    min: 0,
    step: pieces ? 1 : 'any',
    inputmode: pieces ? ('numeric' as const) : ('decimal' as const),
    info: { kind: 'number' as const, unit: line.unit, whole: pieces },
  };
  const sum =
    d.schedule.reduce((s, l) => s + (num(l.quantity) || 0), 0) +
    (num(d.backorderQuantity) || 0) +
    (num(d.rejectQuantity) || 0);
  const today = earliestToday();
  return html`<div class="proposal">
    ${customField(
      form,
      {
        name: `${key}/schedule`,
        label: t.scheduleLines,
        group: 'group',
        hint: t.sumHint(localize.number(sum), quantity(localize, line.quantity, line.unit)),
      },
      () => html`${d.schedule.map(
        (s, j) => html`<div class="row schedule-line">
          ${inputField(form, {
            ...amount,
            name: `${key}/schedule/${j}/quantity`,
            label: `${t.quantity} (${j + 1})`,
            required: true,
            value: s.quantity,
            onInput: (v) =>
              editLine(form, line.lineNo, `${key}/schedule/${j}/quantity`, (l) => (l.schedule[j]!.quantity = v)),
          })}
          ${inputField(form, {
            type: 'date',
            name: `${key}/schedule/${j}/date`,
            label: `${t.date} (${j + 1})`,
            required: true,
            min: today,
            value: s.date,
            onInput: (v) => editLine(form, line.lineNo, `${key}/schedule/${j}/date`, (l) => (l.schedule[j]!.date = v)),
          })}
          <button type="button" part="button" class="button button--small" @click=${() => editLine(form, line.lineNo, `${key}/schedule`, (l) => l.schedule.splice(j, 1))}>
            ${t.removeScheduleLine(j + 1)}
          </button>
        </div>`,
      )}
        <button type="button" part="button" class="button button--small" @click=${() => editLine(form, line.lineNo, `${key}/schedule`, (l) => l.schedule.push({ quantity: '', date: '' }))}>
          ${t.addScheduleLine}
        </button>`,
    )}
    <div class="row">
      ${inputField(form, {
        ...amount,
        name: `${key}/backorder/quantity`,
        label: t.backorderQuantity,
        value: d.backorderQuantity,
        onInput: (v) => editLine(form, line.lineNo, `${key}/backorder/quantity`, (l) => (l.backorderQuantity = v)),
      })}
      ${inputField(form, {
        type: 'date',
        name: `${key}/backorder/date`,
        label: t.backorderDate,
        min: today,
        value: d.backorderDate,
        onInput: (v) => editLine(form, line.lineNo, `${key}/backorder/date`, (l) => (l.backorderDate = v)),
      })}
      ${inputField(form, {
        ...amount,
        name: `${key}/reject/quantity`,
        label: t.rejectQuantity,
        value: d.rejectQuantity,
        onInput: (v) => editLine(form, line.lineNo, `${key}/reject/quantity`, (l) => (l.rejectQuantity = v)),
      })}
    </div>
    ${selectField(form, {
      name: `${key}/reasonCode`,
      label: t.reason,
      required: true,
      placeholder: t.choose,
      value: d.reasonCode,
      options: REASON_CODES.map((r) => [r, t.reasons[r]] as const),
      onChange: (v) => editLine(form, line.lineNo, `${key}/reasonCode`, (l) => (l.reasonCode = v)),
    })}
    ${textareaField(form, {
      name: `${key}/comment`,
      label: t.comment,
      required: d.reasonCode === 'other',
      maxLength: 2000,
      value: d.comment,
      onInput: (v) => editLine(form, line.lineNo, `${key}/comment`, (l) => (l.comment = v)),
    })}
  </div>`;
}

function renderLine(view: ConfirmView, line: PurchaseOrderLineView) {
  const { localize, form } = view;
  const t = localize.table('deliveryForm');
  const legend = `${t.line(line.lineNo)}: ${line.itemCode} · ${quantity(localize, line.quantity, line.unit)} · ${localize.day(line.requestedDate)}`;
  if (!asksAbout(view, line)) {
    const sent = view.sent.get(line.lineNo)?.answer;
    const answer = sent ?? line.pendingProposal?.proposal;
    const parts = answer
      ? answerParts(localize, line, answer)
      : line.confirmedSchedule.map((s) =>
          t.scheduleSummary(quantity(localize, s.quantity, line.unit), localize.day(s.date)),
        );
    return html`<div class="confirm-line confirm-line--answered" role="group" aria-label=${legend} data-line=${line.lineNo}>
      <p><strong>${legend}</strong></p>
      <p>${t.yourAnswer}: ${sent ? (sent.action === 'accept' ? t.state.accepted : t.state.proposed) : t.state[line.confirmation]}${parts.length ? ` (${parts.join('; ')})` : ''}</p>
      <button type="button" part="button" class="button button--small" @click=${() => view.change(line.lineNo)}>${t.changeAnswer(line.lineNo)}</button>
    </div>`;
  }
  const d = form.values.lines[line.lineNo] ?? emptyConfirmLine();
  return html`<fieldset class="confirm-line" data-line=${line.lineNo}>
    <legend>${legend}</legend>
    ${choiceField(form, {
      name: `L${line.lineNo}/answer`,
      label: t.answer,
      type: 'radio',
      value: d.mode,
      options: [
        ['none', t.answerNone],
        ['accept', t.answerAccept],
        ['propose', t.answerPropose],
      ],
      onChange: (mode) =>
        editLine(form, line.lineNo, `L${line.lineNo}/answer`, (l) => {
          l.mode = mode as ConfirmLineValues['mode'];
          if (mode === 'propose' && l.schedule.length === 0)
            l.schedule.push({ quantity: String(line.quantity), date: line.requestedDate });
        }),
    })}
    ${d.mode === 'propose' ? renderProposal(view, line, d) : nothing}
  </fieldset>`;
}

export function renderConfirmForm(view: ConfirmView) {
  const { localize, form, order } = view;
  const t = localize.table('deliveryForm');
  const asked = order.lines.filter((l) => asksAbout(view, l));
  return html`<form part="form" id="confirm-form" data-form="confirm" novalidate aria-labelledby="confirm-title" @submit=${form.handleSubmit}>
    <h3 id="confirm-title">${t.confirmTitle}</h3>
    <p class="muted">${asked.length ? t.confirmIntro : t.allAnswered}</p>
    ${errorSummary(form, localize)} ${restoredNote(form, localize)}
    ${
      asked.length
        ? html`${requiredNote(localize)}
          <button
            type="button"
            part="button"
            class="button button--small"
            @click=${() =>
              form.update((v) => {
                for (const l of asked)
                  v.lines[l.lineNo] = { ...(v.lines[l.lineNo] ?? emptyConfirmLine()), mode: 'accept' };
              })}
          >
            ${t.acceptAll}
          </button>`
        : nothing
    }
    <fieldset class="plain" ?disabled=${form.waiting.length > 0}>
      ${order.lines.map((line) => renderLine(view, line))}
      ${
        asked.length
          ? html`<div class="row">
              ${inputField(form, {
                name: '/supplierOrderRef',
                label: t.supplierOrderRef,
                maxLength: 64,
                value: form.values.supplierOrderRef,
                onInput: (v) => form.set({ supplierOrderRef: v }, '/supplierOrderRef'),
              })}
            </div>
            ${textareaField(form, {
              name: '/note',
              label: t.note,
              maxLength: 4000,
              value: form.values.note,
              onInput: (v) => form.set({ note: v }, '/note'),
            })}`
          : nothing
      }
    </fieldset>
    ${asked.length ? html`<div class="actions">${submitButton(form, t.sendConfirmation)}</div>` : nothing}
    ${formStatus(form, localize)}
  </form>`;
}
