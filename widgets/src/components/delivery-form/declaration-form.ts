// A delivery declaration (advance shipping notice), or the correction of one: dates, delivery note,
// carrier, packages, and per line the quantity shipped with its lots and serial numbers; documents.
import { html, nothing } from 'lit';
import { countsPieces, declarationErrors } from '@amage/contracts/rules';
import type { AttachmentRef, PurchaseOrderLineView, PurchaseOrderView } from '@amage/contracts';
import { validateDeclareDeliveryBody } from '@amage/contracts/validators/DeclareDeliveryBody';
import { earliestToday } from '../../internal/date-rules.js';
import type { FormController, FormSpec } from '../../internal/form/form-controller.js';
import {
  customField,
  errorSummary,
  formStatus,
  inputField,
  requiredNote,
  restoredNote,
  submitButton,
  textareaField,
} from '../../internal/form/fields.js';
import type { LocalizeController } from '../../internal/localize.js';
import { subjectPath } from '../../internal/outbox.js';
import {
  deliveryBody,
  emptyDelivery,
  emptyDeliveryLine,
  lineField,
  type DeliveryLineValues,
  type DeliveryValues,
} from './bodies.js';
import { quantity } from './order-lines.js';

/** A line as the declaration being made sees it: a correction gets the corrected declaration's own quantity back. */
interface DeclarableLine extends PurchaseOrderLineView {
  readonly open: number;
  readonly remaining: number;
}

function declarable(order: PurchaseOrderView, values: DeliveryValues): DeclarableLine[] {
  const editing = values.editing ? order.deliveries.find((d) => d.id === values.editing) : undefined;
  return order.lines.map((line) => {
    const mine = editing?.lines.find((l) => l.lineNo === line.lineNo)?.quantity ?? 0;
    return { ...line, open: line.openQuantity + mine, remaining: line.remainingQuantity + mine };
  });
}

export function deliverySpec(order: () => PurchaseOrderView, localize: LocalizeController): FormSpec<DeliveryValues> {
  return {
    id: 'delivery',
    kind: (values) => (values.editing ? 'delivery-correction' : 'delivery'),
    empty: emptyDelivery,
    request: (values, now) => {
      const o = order();
      const lines = declarable(o, values);
      const body = deliveryBody(
        values,
        o.lines.map((l) => l.lineNo),
      );
      const base = `${subjectPath({ type: 'purchase-order', ref: o.ref })}/deliveries`;
      return {
        method: values.editing ? 'patch' : 'post',
        path: values.editing ? `${base}/${encodeURIComponent(values.editing)}` : base,
        body,
        validate: validateDeclareDeliveryBody,
        errors: [
          ...(body.lines.length ? [] : [{ pointer: '#lines', message: 'nothing shipped', keyword: 'nothing-shipped' }]),
          ...declarationErrors(
            body,
            lines.map((l) => ({ ...l, openQuantity: l.open })),
            now,
          ),
        ],
      };
    },
    // The schema checks a declaration; a correction only adds `reason`, which it does not know.
    fieldOf: (pointer, body) => lineField(pointer, body as { lines?: { lineNo: number }[] }),
    messages: (error, field, values) => {
      const t = localize.table('deliveryForm');
      if (error.keyword === 'nothing-shipped') return t.nothingShipped;
      if (error.keyword === 'order.quantity_exceeds_open') {
        const lineNo = Number(/^L(\d+)\//.exec(field)?.[1]);
        const line = declarable(order(), values).find((l) => l.lineNo === lineNo);
        return line ? t.exceedsOpen(quantity(localize, line.open, line.unit)) : undefined;
      }
      return undefined;
    },
    problems: () => localize.table('deliveryForm').errors,
    sentText: () => localize.table('deliveryForm').sentDelivery,
  };
}

const editLine = (
  form: FormController<DeliveryValues>,
  lineNo: number,
  field: string,
  mutate: (l: DeliveryLineValues) => void,
) =>
  form.update((v) => {
    const line = v.lines[lineNo] ?? emptyDeliveryLine();
    mutate(line);
    v.lines[lineNo] = line;
  }, field);

function renderLine(
  localize: LocalizeController,
  form: FormController<DeliveryValues>,
  line: DeclarableLine,
  tolerance: number,
) {
  const t = localize.table('deliveryForm');
  const d = form.values.lines[line.lineNo] ?? emptyDeliveryLine();
  const key = `L${line.lineNo}`;
  const pieces = countsPieces(line.unit);
  const amount = {
    type: 'number' as const,
    min: 0,
    step: pieces ? 1 : 'any',
    inputmode: pieces ? ('numeric' as const) : ('decimal' as const),
    info: { kind: 'number' as const, unit: line.unit, whole: pieces },
  };
  const lotsError = form.error(`${key}/lots`);
  const hint = html`${t.stillOpen(quantity(localize, line.remaining, line.unit))}${
    tolerance && line.open > line.remaining
      ? html` ${t.toleranceHint(quantity(localize, line.open, line.unit))}`
      : nothing
  }`;
  return html`<fieldset class="delivery-line" data-line=${line.lineNo}>
    <legend>${t.line(line.lineNo)}: ${line.itemCode}${line.description ? ` · ${line.description}` : ''}</legend>
    ${inputField(form, {
      ...amount,
      name: `${key}/quantity`,
      label: `${t.shipped} (${line.unit})`,
      hint,
      max: line.open,
      info: { ...amount.info, max: line.open },
      value: d.quantity,
      onInput: (v) => editLine(form, line.lineNo, `${key}/quantity`, (l) => (l.quantity = v)),
    })}
    <details ?open=${d.lots.length > 0 || d.serials !== '' || Boolean(lotsError) || Boolean(form.error(`${key}/serialNumbers`))}>
      <summary>${t.lots}</summary>
      ${customField(
        form,
        { name: `${key}/lots`, label: t.lots, group: 'group' },
        () => html`${d.lots.map(
          (lot, j) => html`<div class="row lot">
            ${inputField(form, {
              name: `${key}/lots/${j}/number`,
              label: `${t.lotNumber} (${j + 1})`,
              required: true,
              maxLength: 64,
              value: lot.number,
              onInput: (v) => editLine(form, line.lineNo, `${key}/lots/${j}/number`, (l) => (l.lots[j]!.number = v)),
            })}
            ${inputField(form, {
              ...amount,
              name: `${key}/lots/${j}/quantity`,
              label: `${t.quantity} (${j + 1})`,
              required: true,
              value: lot.quantity,
              onInput: (v) =>
                editLine(form, line.lineNo, `${key}/lots/${j}/quantity`, (l) => (l.lots[j]!.quantity = v)),
            })}
            ${inputField(form, {
              type: 'date',
              name: `${key}/lots/${j}/productionDate`,
              label: `${t.productionDate} (${j + 1})`,
              value: lot.productionDate,
              onInput: (v) =>
                editLine(form, line.lineNo, `${key}/lots/${j}/productionDate`, (l) => (l.lots[j]!.productionDate = v)),
            })}
            ${inputField(form, {
              type: 'date',
              name: `${key}/lots/${j}/expiryDate`,
              label: `${t.expiryDate} (${j + 1})`,
              value: lot.expiryDate,
              onInput: (v) =>
                editLine(form, line.lineNo, `${key}/lots/${j}/expiryDate`, (l) => (l.lots[j]!.expiryDate = v)),
            })}
            <button type="button" part="button" class="button button--small" @click=${() => editLine(form, line.lineNo, `${key}/lots`, (l) => l.lots.splice(j, 1))}>
              ${t.removeLot(j + 1)}
            </button>
          </div>`,
        )}
          <button
            type="button"
            part="button"
            class="button button--small"
            @click=${() =>
              editLine(form, line.lineNo, `${key}/lots`, (l) =>
                l.lots.push({
                  number: '',
                  quantity: l.lots.length ? '' : l.quantity,
                  productionDate: '',
                  expiryDate: '',
                }),
              )}
          >
            ${t.addLot}
          </button>`,
      )}
      ${textareaField(form, {
        name: `${key}/serialNumbers`,
        label: t.serialNumbers,
        hint: t.serialNumbersHint,
        value: d.serials,
        onInput: (v) => editLine(form, line.lineNo, `${key}/serialNumbers`, (l) => (l.serials = v)),
      })}
    </details>
  </fieldset>`;
}

export interface DeclarationView {
  readonly localize: LocalizeController;
  readonly form: FormController<DeliveryValues>;
  readonly order: PurchaseOrderView;
  /** The access client for the file picker. */
  readonly client: unknown;
}

export function renderDeclarationForm(view: DeclarationView) {
  const { localize, form, order } = view;
  const t = localize.table('deliveryForm');
  const v = form.values;
  const editing = v.editing ? order.deliveries.find((x) => x.id === v.editing) : undefined;
  const lines = declarable(order, v).filter(
    (l) => l.open > 0 || v.lines[l.lineNo]?.quantity || editing?.lines.some((x) => x.lineNo === l.lineNo),
  );
  const field = (
    name: keyof DeliveryValues & string,
    label: string,
    o: Partial<Parameters<typeof inputField>[1]> = {},
  ) =>
    inputField(form, {
      name: `/${name}`,
      label,
      value: String(v[name] ?? ''),
      onInput: (value) => form.set({ [name]: value } as Partial<DeliveryValues>, `/${name}`),
      ...o,
    });
  return html`<form part="form" id="delivery-form" data-form="delivery" novalidate aria-labelledby="delivery-title" @submit=${form.handleSubmit}>
    <h3 id="delivery-title" tabindex="-1">${editing ? t.correctTitle(editing.deliveryNoteNumber) : t.deliveryTitle}</h3>
    ${errorSummary(form, localize)} ${requiredNote(localize)} ${restoredNote(form, localize)}
    <fieldset class="plain" ?disabled=${form.waiting.length > 0}>
      <div class="row">
        ${field('dispatchDate', t.dispatchDate, { type: 'date', required: true })}
        ${field('expectedArrival', t.expectedArrival, { type: 'date', required: true, min: earliestToday() })}
        ${field('deliveryNoteNumber', t.deliveryNoteNumber, { required: true, maxLength: 64 })}
        ${field('carrier', t.carrier, { maxLength: 100 })}
        ${field('trackingNumber', t.trackingNumber, { maxLength: 100 })}
        ${field('packages', t.packages, { type: 'number', min: 1, step: 1, inputmode: 'numeric', info: { kind: 'number', min: 1, whole: true } })}
        ${field('grossWeightKg', t.grossWeight, { type: 'number', min: 0, step: 'any', inputmode: 'decimal', info: { kind: 'number', unit: 'kg' } })}
      </div>
      ${customField(
        form,
        {
          name: 'lines',
          label: t.linesShipped,
          group: 'group',
          hint: lines.length ? t.linesShippedHint : t.nothingOpen,
        },
        () => html`${lines.map((line) => renderLine(localize, form, line, order.overDeliveryTolerancePercent))}`,
      )}
      ${
        customElements.get('amage-file-picker')
          ? customField(
              form,
              { name: '/attachments', label: t.documents, inner: true, info: { kind: 'file' } },
              (a) => html`<amage-file-picker
                id=${a.id}
                .error=${a.error ?? ''}
                .client=${view.client}
                .attachments=${v.attachments}
                label=${t.documents}
                accept="application/pdf,image/jpeg,image/png,image/heic,image/heif,image/webp"
                multiple
                @amage-files-change=${(e: CustomEvent<{ attachments: AttachmentRef[] }>) =>
                  form.set({ attachments: [...e.detail.attachments] }, '/attachments')}
              ></amage-file-picker>`,
            )
          : nothing
      }
      ${textareaField(form, { name: '/note', label: t.note, maxLength: 4000, value: v.note, onInput: (value) => form.set({ note: value }, '/note') })}
      ${editing ? field('reason', t.correctionReason, { maxLength: 2000 }) : nothing}
    </fieldset>
    <div class="actions">
      ${submitButton(form, editing ? t.sendCorrection : t.sendDelivery, { disabled: lines.length === 0 })}
      ${editing ? html`<button type="button" part="button" class="button" @click=${() => form.reset()}>${t.cancelEdit}</button>` : nothing}
    </div>
    ${formStatus(form, localize)}
  </form>`;
}
