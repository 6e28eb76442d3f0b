// The promises every writing widget keeps, tested the same way for each (in the manner of Shoelace's
// runFormControlBaseTests): `runFormWidgetTests(tag, case)` in the widget's own test file.
import { expect, oneEvent } from '@open-wc/testing';
import type { LitElement } from 'lit';
import { fakeApi, json, problem, type Route } from './fake-api.js';
import { allByRole, byLabel, byRole, click, errorOf, nameOf, type } from './queries.js';
import { waitUntil } from './wait.js';

export interface FormWidgetCase {
  /** A healthy server for the widget's subject (the write itself is added by the tests). */
  routes(): Record<string, Route>;
  /** The subject in a state that closes it for this write (a closed complaint, a completed work order…). */
  closedRoutes(): Record<string, Route>;
  /** Mounts the widget (with its token) and waits until it shows its data. */
  mount(): Promise<LitElement>;
  /** The route key of the write: `POST /purchase-orders/PO-1/deliveries`. */
  write: string;
  /** What the server answers when it accepts the write. */
  accepted: () => unknown;
  /** The `kind` of the write's events. */
  kind: string;
  /** The form under test (something may need a click to show it: `open`). */
  form(el: LitElement): HTMLElement;
  open?(el: LitElement): Promise<void>;
  /** Fills the form with values the browser's checks accept. */
  fill(el: LitElement, form: HTMLElement): Promise<void>;
  /** A required field `fill` fills, by label. */
  required: string | RegExp;
  /** The submit button's name. */
  submit: string | RegExp;
  /** A field error the server may give for the write: its pointer and code, where it shows and as what. */
  serverError: { pointer: string; keyword: string; label: string | RegExp; message: string };
  /** What `fill` typed into `serverError.label`, which must come back after a refusal. */
  typed: string;
}

const DANGER = 'rgb(180, 35, 24)';
type Api = ReturnType<typeof fakeApi>;

function errorsShown(el: LitElement) {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="field-error"]')];
}

/** The one error style: danger colour, the icon, the words. */
function expectErrorStyle(error: HTMLElement) {
  expect(getComputedStyle(error).color, error.textContent ?? '').to.equal(DANGER);
  expect(error.querySelector('svg.error-icon'), `icon of "${error.textContent}"`).to.exist;
  expect(error.textContent!.trim()).to.not.equal('');
}

const submitOf = (form: HTMLElement, name: string | RegExp) =>
  allByRole(form, 'button', name).find((b) => (b as HTMLButtonElement).type === 'submit')!;

export function runFormWidgetTests(tag: string, c: FormWidgetCase) {
  describe(`<${tag}> as a form widget`, () => {
    let api: Api;

    afterEach(() => {
      api?.restore();
      localStorage.clear();
      sessionStorage.clear();
    });

    async function ready(routes: Record<string, Route>) {
      api = fakeApi(routes);
      const el = await c.mount();
      await c.open?.(el);
      await el.updateComplete;
      return { el, form: c.form(el) };
    }

    const writes = () => api.calls.filter((call) => `${call.method} ${decodeURIComponent(call.path)}` === c.write);

    it('marks every required field, never lets the browser show its own bubbles, and is accessible', async () => {
      const { el, form } = await ready(c.routes());
      expect(form.tagName === 'FORM' ? (form as HTMLFormElement).noValidate : true).to.equal(true);
      expect(form.querySelectorAll('[required]')).to.have.length(0);
      const required = [...form.querySelectorAll<HTMLElement>('[aria-required="true"]')];
      expect(required.length).to.be.greaterThan(0);
      for (const control of required) {
        // The mark is in the legend of a group, beside the label of a control.
        const label =
          control.tagName === 'FIELDSET'
            ? control.querySelector(':scope > legend')
            : el.shadowRoot!.querySelector(`label[for="${CSS.escape(control.id)}"]`)?.parentElement;
        expect(label?.querySelector('[part~="required"]'), `mark of ${nameOf(control)}`).to.exist;
      }
      await expect(el).to.be.accessible();
    });

    it('refuses a missing required field at the field, in the one error style with the summary focused, and the error goes once it is filled in', async () => {
      const { el, form } = await ready(c.routes());
      await c.fill(el, form);
      const control = byLabel(form, c.required);
      const kept = control.value;
      await type(el, control, '');
      await click(el, submitOf(form, c.submit));
      await waitUntil(() => errorOf(control), 'no error at the required field');
      const summary = byRole(form, 'alert');
      expect(summary.matches('[part~="error-summary"]')).to.equal(true);
      await waitUntil(() => el.shadowRoot!.activeElement === summary, 'summary not focused');
      for (const error of errorsShown(el)) expectErrorStyle(error);
      expect(control.getAttribute('aria-invalid')).to.equal('true');
      expect(writes()).to.have.length(0);
      await expect(el).to.be.accessible();
      await type(el, control, kept);
      expect(errorOf(control)).to.equal('');
      expect(control.getAttribute('aria-invalid')).to.equal('false');
    });

    it("shows the server's field errors at their fields, translated, once each", async () => {
      const { el, form } = await ready({
        ...c.routes(),
        [c.write]: () =>
          problem(422, c.serverError.keyword, {
            errors: [
              { pointer: c.serverError.pointer, message: 'server words', keyword: c.serverError.keyword },
              { pointer: c.serverError.pointer, message: 'more server words', keyword: c.serverError.keyword },
            ],
          }),
      });
      await c.fill(el, form);
      await click(el, submitOf(form, c.submit));
      const shown = () => {
        try {
          return errorOf(byLabel(c.form(el), c.serverError.label));
        } catch {
          return '';
        }
      };
      await waitUntil(shown, 'server error not at the field');
      const control = byLabel(c.form(el), c.serverError.label);
      expect(errorOf(control)).to.equal(c.serverError.message);
      expect(byRole(c.form(el), 'alert').textContent).to.contain(c.serverError.message);
      expect(byRole(c.form(el), 'alert').querySelectorAll('li')).to.have.length(1);
      for (const error of errorsShown(el)) expectErrorStyle(error);
      await expect(el).to.be.accessible();
    });

    it('offline (no answer, then 503): queues the write, says it waits, and sends it by itself when the connection is back, with the same Idempotency-Key', async () => {
      let answer: 'offline' | 'unavailable' | 'up' = 'offline';
      const { el, form } = await ready({
        ...c.routes(),
        [c.write]: () =>
          answer === 'offline'
            ? Promise.reject(new TypeError('Failed to fetch'))
            : answer === 'unavailable'
              ? problem(503, 'service.unavailable', { retryAfter: 5 })
              : json(201, c.accepted()),
      });
      await c.fill(el, form);
      const queued = oneEvent(el, 'amage-action-queued');
      await click(el, submitOf(form, c.submit));
      expect((await queued).detail.kind).to.equal(c.kind);
      await waitUntil(() =>
        c.form(el).querySelector('[part~="form-status"]')?.textContent?.includes('Saved on this device'),
      );
      await expect(el).to.be.accessible();
      answer = 'unavailable';
      window.dispatchEvent(new Event('online'));
      await waitUntil(() => writes().length === 2, 'not tried again when back online');
      answer = 'up';
      const sent = oneEvent(el, 'amage-action-sent');
      const submitted = oneEvent(el, 'amage-submitted');
      window.dispatchEvent(new Event('online'));
      expect((await sent).detail.kind).to.equal(c.kind);
      expect((await submitted).detail.kind).to.equal(c.kind);
      expect(new Set(writes().map((w) => w.idempotencyKey)).size).to.equal(1);
      expect(writes()).to.have.length(3);
    });

    it('a write refused once the connection is back puts what was typed back into the fields, with the reason at the field', async () => {
      let online = false;
      const { el, form } = await ready({
        ...c.routes(),
        [c.write]: () =>
          online
            ? problem(422, c.serverError.keyword, {
                errors: [{ pointer: c.serverError.pointer, message: 'server words', keyword: c.serverError.keyword }],
              })
            : Promise.reject(new TypeError('Failed to fetch')),
      });
      await c.fill(el, form);
      await click(el, submitOf(form, c.submit));
      await waitUntil(() => writes().length === 1);
      online = true;
      const refused = oneEvent(el, 'amage-action-refused');
      window.dispatchEvent(new Event('online'));
      expect((await refused).detail.code).to.equal(c.serverError.keyword);
      await el.updateComplete;
      await c.open?.(el);
      const control = byLabel(c.form(el), c.serverError.label);
      await waitUntil(() => errorOf(control), 'reason not at the field');
      expect(control.value).to.equal(c.typed);
      expect(errorOf(control)).to.equal(c.serverError.message);
      await expect(el).to.be.accessible();
    });

    it('once the subject is closed for this write, shows it read-only: no form to send', async () => {
      api = fakeApi(c.closedRoutes());
      const el = await c.mount();
      expect(el.shadowRoot!.querySelectorAll('button[type="submit"]')).to.have.length(0);
      await expect(el).to.be.accessible();
    });
  });
}
