// `cem analyze` (run by scripts/build.mjs): the JSDoc headers of the components become
// custom-elements.json, the widgets' public contract (attributes, events, parts, CSS properties).

/** Our elements register with `AmageX.define('amage-x')` in their define files; this reads the tag from there. */
function defineCalls() {
  const tags = new Map();
  return {
    name: 'amage-define-calls',
    analyzePhase({ ts, node }) {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'define' &&
        ts.isIdentifier(node.expression.expression) &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        tags.set(node.expression.expression.text, node.arguments[0].text);
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!tags.has(declaration.name)) continue;
          declaration.tagName = tags.get(declaration.name);
          declaration.customElement = true;
        }
      }
    },
  };
}

export default {
  globs: [
    'src/components/*/*.component.ts',
    'src/components/*/amage-*.ts',
    'src/components/*/*-base.ts',
    'src/internal/*.ts',
  ],
  exclude: ['src/**/*.test.ts', 'src/internal/test/**'],
  outdir: '.',
  litelement: true,
  plugins: [defineCalls()],
};
