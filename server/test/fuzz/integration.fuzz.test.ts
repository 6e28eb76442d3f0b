import { fuzzRoutes } from './fuzz-suite.js';

fuzzRoutes('integration');
