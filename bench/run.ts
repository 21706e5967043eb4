import { benchLambdas } from './lambdas';

benchLambdas();
