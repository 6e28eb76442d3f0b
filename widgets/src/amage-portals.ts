// The kit's entry (`/widgets/amage-portals.js`, `@amage/widgets/amage-portals.js`): a loader that defines each
// AMAGE element the first time its tag appears, by importing that element's module alone, so a page holding
// one widget downloads that widget's code and nothing else. It watches the document and, as AMAGE elements
// render, their shadow roots. A host that puts our tags into shadow roots of its own calls `discover(root)`
// (or imports the element's module itself). No Lit here: the loader stays a few hundred bytes.

/** Every element the kit defines, by tag; each import is a module of its own (a chunk in any bundler). */
const elements: Record<string, () => Promise<unknown>> = {
  'amage-portal': () => import('./components/portal/amage-portal.js'),
  'amage-work-progress': () => import('./components/work-progress/amage-work-progress.js'),
  'amage-delivery-form': () => import('./components/delivery-form/amage-delivery-form.js'),
  'amage-complaint': () => import('./components/complaint/amage-complaint.js'),
  'amage-work-order': () => import('./components/work-order/amage-work-order.js'),
  'amage-inspection': () => import('./components/inspection/amage-inspection.js'),
  'amage-loto-procedure': () => import('./components/loto-procedure/amage-loto-procedure.js'),
  'amage-permit-log': () => import('./components/permit-log/amage-permit-log.js'),
  'amage-service-request': () => import('./components/service-request/amage-service-request.js'),
  'amage-file-picker': () => import('./components/file-picker/amage-file-picker.js'),
};

const loading = new Map<string, Promise<void>>();
const watched = new WeakSet<Node>();

const observer = new MutationObserver((mutations) => {
  for (const { addedNodes } of mutations) {
    for (const node of addedNodes) if (node instanceof Element) discover(node);
  }
});

/** Loads the module of `tag` once; resolves when the element is defined (rejects if it cannot be loaded). */
export function load(tag: string): Promise<void> {
  const name = tag.toLowerCase();
  const importer = elements[name];
  if (!importer) return Promise.reject(new Error(`<${name}> is not an AMAGE element`));
  let promise = loading.get(name);
  if (!promise) {
    promise = customElements.get(name)
      ? Promise.resolve()
      : importer().then(
          () => undefined,
          (error: unknown) => {
            loading.delete(name); // a later sighting tries again (e.g. after the network came back)
            throw new Error(`Could not load <${name}>`, { cause: error });
          },
        );
    loading.set(name, promise);
  }
  return promise;
}

/** Watches `root` (a document, an element or a shadow root) and loads every AMAGE element in it. */
export function discover(root: Document | Element | ShadowRoot): void {
  if (!watched.has(root) && !(root instanceof Element)) {
    watched.add(root);
    observer.observe(root, { childList: true, subtree: true });
  }
  const found = root instanceof Element && root.localName.startsWith('amage-') ? [root] : [];
  found.push(...root.querySelectorAll(':not(:defined)'));
  for (const element of found) {
    const tag = element.localName;
    if (!Object.hasOwn(elements, tag)) continue;
    load(tag).then(
      () => watchShadowRoot(element),
      (error: unknown) => console.warn(error),
    );
  }
}

/** Once an AMAGE element has upgraded and rendered, what it renders is watched too. */
function watchShadowRoot(element: Element) {
  const update = (element as Element & { updateComplete?: Promise<unknown> }).updateComplete;
  void Promise.resolve(update).then(() => {
    if (element.shadowRoot) discover(element.shadowRoot);
  });
}

discover(document);
