// Finding things in a widget's shadow root as a person does: by label, by role and name, by text.

/** The text a screen reader reads for an element: `aria-hidden` parts (the required mark) left out. */
function readText(node: Node): string {
  if (node instanceof Element && node.getAttribute('aria-hidden') === 'true') return '';
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  return [...node.childNodes].map(readText).join('');
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** An element's accessible name, as far as these widgets give one. */
export function nameOf(el: Element): string {
  const root = el.getRootNode() as Document | ShadowRoot;
  const labelled = el.getAttribute('aria-labelledby');
  if (labelled)
    return squash(
      labelled
        .split(/\s+/)
        .map((id) => {
          const target = root.getElementById(id);
          return target ? readText(target) : '';
        })
        .join(' '),
    );
  const label = el.getAttribute('aria-label');
  if (label) return squash(label);
  if (el.id) {
    const byFor = root.querySelector(`label[for="${CSS.escape(el.id)}"]`);
    if (byFor) return squash(readText(byFor));
  }
  if (el.tagName === 'FIELDSET') {
    const legend = el.querySelector(':scope > legend');
    return legend ? squash(readText(legend)) : '';
  }
  const wrapping = el.closest('label');
  if (wrapping) return squash(readText(wrapping));
  // Controls and groups are named by their labels only; buttons, links and items by their text.
  if (el.matches('input, select, textarea, form, [role="group"], [role="radiogroup"]')) return '';
  return squash(readText(el));
}

const matches = (name: string, wanted: string | RegExp) =>
  typeof wanted === 'string' ? name === wanted : wanted.test(name);

const ROLES: Record<string, string> = {
  button: 'button',
  form: 'form',
  textbox:
    'input:not([type]), input[type="text"], input[type="email"], input[type="tel"], input[type="search"], textarea',
  combobox: 'select',
  radio: 'input[type="radio"]',
  checkbox: 'input[type="checkbox"]',
  group: 'fieldset, [role="group"], [role="radiogroup"]',
  alert: '[role="alert"]',
  status: '[role="status"]',
  tab: '[role="tab"]',
  listitem: 'li',
};

/** Every element of `role` named `name` in `scope` (a widget: its shadow root). */
export function allByRole(
  scope: Element | ShadowRoot,
  role: keyof typeof ROLES,
  name?: string | RegExp,
): HTMLElement[] {
  const root = scope instanceof Element && scope.shadowRoot ? scope.shadowRoot : scope;
  return [...root.querySelectorAll<HTMLElement>(ROLES[role]!)].filter(
    (el) => name === undefined || matches(nameOf(el), name),
  );
}

/** The one element of `role` named `name`; throws (naming what there is) otherwise. */
export function byRole<T extends HTMLElement = HTMLElement>(
  scope: Element | ShadowRoot,
  role: keyof typeof ROLES,
  name?: string | RegExp,
): T {
  const found = allByRole(scope, role, name);
  if (found.length !== 1) {
    const names = allByRole(scope, role).map(nameOf);
    throw new Error(`${found.length} ${role}(s) named ${String(name)}; there are: ${JSON.stringify(names)}`);
  }
  return found[0] as T;
}

/** The control labelled `label` (input, select, textarea, a radio group's fieldset). */
export function byLabel<T extends HTMLElement = HTMLInputElement>(
  scope: Element | ShadowRoot,
  label: string | RegExp,
): T {
  const root = scope instanceof Element && scope.shadowRoot ? scope.shadowRoot : scope;
  const found = [...root.querySelectorAll<HTMLElement>('input, select, textarea, fieldset, amage-file-picker')].filter(
    (el) =>
      !(el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) &&
      matches(nameOf(el), label),
  );
  if (found.length !== 1)
    throw new Error(
      `${found.length} controls labelled ${String(label)}; there are: ${JSON.stringify(
        [...root.querySelectorAll('input, select, textarea')].map(nameOf),
      )}`,
    );
  return found[0] as T;
}

/** The error shown for a control (through its `aria-describedby`), or '' when it has none. */
export function errorOf(control: Element): string {
  const root = control.getRootNode() as ShadowRoot;
  const ids = control.getAttribute('aria-describedby')?.split(/\s+/) ?? [];
  return squash(
    ids
      .map((id) => root.getElementById(id))
      .filter((el) => el?.matches('[part~="field-error"]'))
      .map((el) => el!.textContent ?? '')
      .join(' '),
  );
}

/** Types into a control as a person does (input events), then waits for the widget. */
export async function type(el: { updateComplete: Promise<unknown> }, control: HTMLElement, value: string) {
  (control as HTMLInputElement).value = value;
  control.dispatchEvent(
    new Event(control.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true, composed: true }),
  );
  await el.updateComplete;
}

/** Clicks (a button, a radio) and waits for the widget. */
export async function click(el: { updateComplete: Promise<unknown> }, control: HTMLElement) {
  control.click();
  await el.updateComplete;
}
