// Lit's template checker (lit-analyzer) needs the TypeScript compiler API, which TypeScript 7 no longer
// has. It runs here on the TypeScript 5 that its own web-component-analyzer depends on.
import { createRequire } from 'node:module';
import Module from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const analyzerDir = path.dirname(require.resolve('web-component-analyzer'));
const typescript5 = require.resolve('typescript', { paths: [analyzerDir] });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, request === 'typescript' ? typescript5 : request, ...rest);
};
require('lit-analyzer/cli.js');
