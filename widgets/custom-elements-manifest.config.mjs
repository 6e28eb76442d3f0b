// `cem analyze` (run by `npm run build`): the components become custom-elements.json, the widgets' public
// contract (attributes, properties, events with their detail types, parts, CSS custom properties).
//
// The JSDoc headers carry what only a person can say (summaries, descriptions). What the code already
// says is read from the code, so the manifest cannot fall behind it (`amage-kit` below):
// - parts: every `part="…"` (and quoted names inside `part=${…}`) in the element's module and the
//   modules it imports (shared renderers in internal/, base classes), described by a `@csspart` tag in
//   any of those files (shared renderers document their own parts);
// - CSS custom properties: every `var(--x)` its styles read (private `--_x` excepted), described by
//   `@cssprop` tags (the global tokens in styles/tokens.styles.ts);
// - events: every `new Amage…Event(` it fires, typed with the event class from src/events/, described
//   by the header's `@fires` or else by the event class's own comment.
// A part or CSS property without a description anywhere fails the build.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const src = join(root, 'src');

/** Our elements register with `AmageX.define('amage-x')` in their define files; this reads the tag from there. */
function defineCalls() {
  const tags = new Map();
  return {
    name: 'amage-define-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'define' &&
        ts.isIdentifier(node.expression.expression) &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        tags.set(node.expression.expression.text, { tag: node.arguments[0].text, definedIn: moduleDoc.path });
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      const modules = customElementsManifest.modules;
      // `customElements.define(tag, this)` in the base element is no element of ours.
      for (const module of modules)
        module.exports = module.exports?.filter((e) => e.kind !== 'custom-element-definition');
      for (const module of modules) {
        for (const declaration of module.declarations ?? []) {
          const found = tags.get(declaration.name);
          if (!found) continue;
          declaration.tagName = found.tag;
          declaration.customElement = true;
          // The define file registers it: say so, as the analyzer does for `customElements.define`.
          modules
            .find((m) => m.path === found.definedIn)
            ?.exports?.push({
              kind: 'custom-element-definition',
              name: found.tag,
              declaration: { name: declaration.name, module: module.path },
            });
        }
      }
    },
  };
}

const read = (file) => readFileSync(file, 'utf8');

/** The event classes of src/events/: `amage-x` → { className, detail, description, module }. */
function eventClasses() {
  const events = new Map();
  for (const name of readdirSync(join(src, 'events'))) {
    const text = read(join(src, 'events', name));
    const match =
      /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?export class (\w+) extends (\w+)(?:<(\w+)>)?[\s\S]*?static readonly type = '([\w-]+)'/.exec(
        text,
      );
    if (!match) continue;
    const [, doc, className, , detail, type] = match;
    events.set(type, {
      className,
      detail,
      description: doc?.replace(/^\s*\*\s?/gm, '').trim(),
      module: `src/events/${name}`,
    });
  }
  return events;
}

function* specifiersOf(text) {
  for (const m of text.matchAll(/from '(\.{1,2}\/[^']+)'|import '(\.{1,2}\/[^']+)'/g)) yield m[1] ?? m[2];
}
/** The element's module and every src/ module it imports, except other elements' define files. */
function graphOf(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const specifier of specifiersOf(read(file))) {
    const target = join(dirname(file), specifier.replace(/\.js$/, '.ts'));
    if (/\/components\/[^/]+\/amage-[^/]+\.ts$/.test(target) || target.includes('/translations/')) continue;
    graphOf(target, seen);
  }
  return seen;
}

function partsIn(text) {
  const parts = new Set();
  for (const [, names] of text.matchAll(/\bpart="([^"$]+)"/g)) for (const p of names.split(/\s+/)) parts.add(p);
  for (const [, expression] of text.matchAll(/\bpart=\$\{([^}]*)\}/g)) {
    for (const [, names] of expression.matchAll(/'([a-z][\w -]*)'/g)) for (const p of names.split(/\s+/)) parts.add(p);
  }
  parts.delete('');
  return parts;
}

const cssPropertiesIn = (text) =>
  new Set([...text.matchAll(/var\(\s*(--(?!_)[a-zA-Z][\w-]*)/g)].map(([, name]) => name));

/** `@csspart name - description` and `@cssprop [--name=default] - description` tags anywhere in `text`. */
function docTags(text, tag) {
  const found = new Map();
  const pattern = new RegExp(`@${tag}\\s+(\\[?)(--?[\\w-]+|[\\w-]+)(?:=([^\\]]*))?\\]?\\s*-\\s*([^\\n]*)`, 'g');
  for (const [, , name, defaultValue, description] of text.matchAll(pattern)) {
    found.set(name, { name, description: description.trim(), ...(defaultValue ? { default: defaultValue } : {}) });
  }
  return found;
}

function amageKit() {
  const events = eventClasses();
  return {
    name: 'amage-kit',
    packageLinkPhase({ customElementsManifest }) {
      const problems = [];
      for (const module of customElementsManifest.modules) {
        for (const element of module.declarations ?? []) {
          if (!element.customElement || !element.tagName) continue;
          const files = [...graphOf(join(root, module.path))];
          const texts = files.map(read);
          const all = texts.join('\n');

          const partDocs = docTags(all, 'csspart');
          const known = new Map((element.cssParts ?? []).map((p) => [p.name, p]));
          for (const name of [...new Set(texts.flatMap((t) => [...partsIn(t)]))].sort()) {
            if (known.has(name)) continue;
            const doc = partDocs.get(name);
            if (!doc) problems.push(`<${element.tagName}> renders part "${name}" that no @csspart describes`);
            else known.set(name, doc);
          }
          element.cssParts = [...known.values()];

          const propDocs = docTags(all, 'cssprop');
          const knownProps = new Map((element.cssProperties ?? []).map((p) => [p.name, p]));
          for (const name of [...cssPropertiesIn(all)].sort()) {
            if (knownProps.has(name)) continue;
            const doc = propDocs.get(name);
            if (!doc) problems.push(`<${element.tagName}> reads ${name} that no @cssprop describes`);
            else knownProps.set(name, doc);
          }
          element.cssProperties = [...knownProps.values()];

          const fired = new Set([...all.matchAll(/new (Amage\w+Event)\(/g)].map(([, name]) => name));
          const byClass = new Map([...events].map(([type, e]) => [e.className, { type, ...e }]));
          const listed = new Map((element.events ?? []).map((e) => [e.name, e]));
          for (const className of fired) {
            const event = byClass.get(className);
            if (event && !listed.has(event.type))
              listed.set(event.type, { name: event.type, description: event.description });
          }
          element.events = [...listed.values()].map((e) => {
            const event = events.get(e.name);
            if (!event) {
              problems.push(`<${element.tagName}> lists event ${e.name}, which has no class in src/events/`);
              return e;
            }
            return {
              ...e,
              type: { text: event.className, references: [{ name: event.className, module: event.module }] },
              // The detail's type, which JSX and Vue typings need (`CustomEvent<detail>`).
              detailType: event.detail ? { text: event.detail } : undefined,
            };
          });
        }
      }
      if (problems.length) throw new Error(`custom-elements.json is incomplete:\n  ${problems.join('\n  ')}`);
    },
  };
}

export default {
  globs: ['src/components/*/*.component.ts', 'src/components/*/amage-*.ts', 'src/internal/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/test/**'],
  outdir: '.',
  litelement: true,
  plugins: [defineCalls(), amageKit()],
};
