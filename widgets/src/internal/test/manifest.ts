// Checks a rendered element against custom-elements.json: every part in its shadow root and every CSS
// custom property its styles read must be documented there (the manifest is the public contract).

interface ManifestElement {
  tagName?: string;
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
}
interface Manifest {
  modules: { declarations?: ManifestElement[] }[];
}

let manifest: Promise<Map<string, ManifestElement>> | undefined;

/** The built manifest (`npm run build` writes it), by tag. */
export function manifestElements(): Promise<Map<string, ManifestElement>> {
  manifest ??= fetch('/widgets/custom-elements.json')
    .then((r) => r.json() as Promise<Manifest>)
    .then(
      (m) =>
        new Map(
          m.modules
            .flatMap((mod) => mod.declarations ?? [])
            .filter((d) => d.tagName)
            .map((d) => [d.tagName!, d]),
        ),
    );
  return manifest;
}

/** Part names in the element's own shadow root (nested elements have their own). */
export function renderedParts(el: Element): Set<string> {
  const parts = new Set<string>();
  for (const node of el.shadowRoot?.querySelectorAll('[part]') ?? []) {
    for (const name of (node.getAttribute('part') ?? '').split(/\s+/)) if (name) parts.add(name);
  }
  return parts;
}

/** Public custom properties (`var(--x)`, private `--_x` excepted) that the element's style sheets read. */
function readCustomProperties(el: Element): Set<string> {
  const found = new Set<string>();
  const visit = (rules: CSSRuleList) => {
    for (const rule of rules) {
      for (const [, name] of rule.cssText.matchAll(/var\(\s*(--(?!_)[\w-]+)/g)) found.add(name!);
      if ('cssRules' in rule) visit((rule as CSSGroupingRule).cssRules);
    }
  };
  const root = el.shadowRoot;
  for (const sheet of root?.adoptedStyleSheets ?? []) visit(sheet.cssRules);
  for (const style of root?.querySelectorAll('style') ?? []) if (style.sheet) visit(style.sheet.cssRules);
  return found;
}

/** What the element shows that its manifest entry does not list (empty when documented). */
export async function undocumented(el: Element): Promise<{ parts: string[]; cssProperties: string[] }> {
  const entry = (await manifestElements()).get(el.localName);
  if (!entry) return { parts: [`<${el.localName}> is not in custom-elements.json`], cssProperties: [] };
  const parts = new Set(entry.cssParts?.map((p) => p.name));
  const props = new Set(entry.cssProperties?.map((p) => p.name));
  return {
    parts: [...renderedParts(el)].filter((p) => !parts.has(p)),
    cssProperties: [...readCustomProperties(el)].filter((p) => !props.has(p)),
  };
}
