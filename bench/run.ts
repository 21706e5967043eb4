import { benchLambdas } from './lambdas';
import { benchSynthesis } from './synthesis';

benchLambdas();
console.log();
benchSynthesis();
