// The order's lines: what was ordered, the schedule agreed or proposed (the person's latest answer shows
// here as soon as it is sent), what was declared and received, and what is still open.
import { html, nothing } from 'lit';
import type { LineHistoryEntry, LineResponse, PurchaseOrderLineView, PurchaseOrderView } from '@amage/contracts';
import type { LocalizeController } from '../../internal/localize.js';

/** `12 szt`, in the person's number format. */
export const quantity = (localize: LocalizeController, n: number, unit: string) => `${localize.number(n)} ${unit}`;

function historyText(localize: LocalizeController, entry: LineHistoryEntry, unit: string) {
  const t = localize.table('deliveryForm');
  const parts: string[] = [];
  for (const s of entry.schedule ?? [])
    parts.push(t.scheduleSummary(quantity(localize, s.quantity, unit), localize.day(s.date)));
  if (entry.backorder)
    parts.push(
      t.backorderSummary(
        quantity(localize, entry.backorder.quantity, unit),
        entry.backorder.date && localize.day(entry.backorder.date),
      ),
    );
  if (entry.reject) parts.push(t.rejectSummary(quantity(localize, entry.reject.quantity, unit)));
  if (entry.quantity !== undefined && !entry.schedule) parts.push(quantity(localize, entry.quantity, unit));
  if (entry.reasonCode) parts.push(t.reasons[entry.reasonCode] ?? entry.reasonCode);
  if (entry.comment) parts.push(`„${entry.comment}”`);
  return parts.join('; ');
}

/** The parts of an answer ("60 szt on 15 Dec 2026", "backorder 40 szt"). */
export function answerParts(localize: LocalizeController, line: PurchaseOrderLineView, answer: LineResponse): string[] {
  const t = localize.table('deliveryForm');
  if (answer.action === 'accept')
    return [t.scheduleSummary(quantity(localize, line.quantity, line.unit), localize.day(line.requestedDate))];
  return [
    ...answer.schedule.map((s) =>
      t.scheduleSummary(quantity(localize, s.quantity, line.unit), s.date ? localize.day(s.date) : '—'),
    ),
    ...(answer.backorder
      ? [
          t.backorderSummary(
            quantity(localize, answer.backorder.quantity, line.unit),
            answer.backorder.date && localize.day(answer.backorder.date),
          ),
        ]
      : []),
    ...(answer.reject ? [t.rejectSummary(quantity(localize, answer.reject.quantity, line.unit))] : []),
  ];
}

/**
 * The schedule column: the schedule in force, else the proposal waiting for the buyer, else what the
 * person just sent (`sent`, until a reload shows it; marked while it waits to be sent).
 */
function schedule(
  localize: LocalizeController,
  line: PurchaseOrderLineView,
  sent: { answer: LineResponse; waiting: boolean } | undefined,
) {
  const t = localize.table('deliveryForm');
  const list = (items: string[]) => html`<ul class="schedule">${items.map((i) => html`<li>${i}</li>`)}</ul>`;
  if (sent)
    return html`<span class="badge">${sent.waiting ? t.answerWaiting : sent.answer.action === 'accept' ? t.state.accepted : t.state.proposed}</span>
      ${list(answerParts(localize, line, sent.answer))}`;
  const badge =
    line.confirmation === 'confirmed' || line.confirmation === 'accepted'
      ? 'badge--good'
      : line.confirmation === 'proposal-rejected'
        ? 'badge--bad'
        : '';
  const agreed = line.confirmedSchedule.map((s) =>
    t.scheduleSummary(quantity(localize, s.quantity, line.unit), localize.day(s.date)),
  );
  const proposed = line.pendingProposal ? answerParts(localize, line, line.pendingProposal.proposal) : [];
  return html`<span class="badge ${badge}">${t.state[line.confirmation] ?? line.confirmation}</span>
    ${agreed.length ? list(agreed) : nothing}
    ${proposed.length ? html`<p class="muted proposed-title">${t.proposedSchedule}</p>${list(proposed)}` : nothing}`;
}

export function renderLines(
  localize: LocalizeController,
  order: PurchaseOrderView,
  sent: ReadonlyMap<number, { answer: LineResponse; waiting: boolean }>,
) {
  const t = localize.table('deliveryForm');
  const tolerance = order.overDeliveryTolerancePercent;
  return html`<table part="lines" class="lines">
    <caption class="visually-hidden">${t.lines}</caption>
    <thead>
      <tr>
        <th scope="col">#</th>
        <th scope="col">${t.item}</th>
        <th scope="col">${t.ordered}</th>
        <th scope="col">${t.requested}</th>
        <th scope="col">${t.confirmed}</th>
        <th scope="col">${t.declared} / ${t.received}</th>
        <th scope="col">${t.open}</th>
      </tr>
    </thead>
    <tbody>
      ${order.lines.map(
        (line) => html`<tr part="line" class="line">
          <th scope="row" data-label="#">${line.lineNo}</th>
          <td data-label=${t.item}><strong>${line.itemCode}</strong>${line.description ? html`<br />${line.description}` : nothing}</td>
          <td data-label=${t.ordered}>${quantity(localize, line.quantity, line.unit)}</td>
          <td data-label=${t.requested}>${localize.day(line.requestedDate)}</td>
          <td data-label=${t.confirmed}>
            ${schedule(localize, line, sent.get(line.lineNo))}
            ${
              line.history.length
                ? html`<details>
                  <summary>${t.history(line.history.length)}</summary>
                  <ol part="history" class="history">
                    ${line.history.map(
                      (h) => html`<li>
                        <time datetime=${h.at}>${localize.date(h.at, { dateStyle: 'short', timeStyle: 'short' })}</time>
                        (${t.by[h.by] ?? h.by}) ${t.historyKind[h.kind] ?? h.kind}${historyText(localize, h, line.unit) ? html`: ${historyText(localize, h, line.unit)}` : nothing}
                      </li>`,
                    )}
                  </ol>
                </details>`
                : nothing
            }
          </td>
          <td data-label="${t.declared} / ${t.received}">${localize.number(line.declaredQuantity)} / ${localize.number(line.receivedQuantity)}</td>
          <td data-label=${t.open}>
            ${quantity(localize, line.remainingQuantity, line.unit)}
            ${
              tolerance && line.openQuantity > line.remainingQuantity
                ? html`<br /><span class="muted">${t.withTolerance(quantity(localize, line.openQuantity, line.unit))}</span>`
                : nothing
            }
          </td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
