// aws-sdk-client-mock-jest's matchers are imported by the suites that use them: loading them (and sinon) takes ~0.1 s per suite.
import { version, versions } from 'node:process';

const major = Number(versions.node.split('.')[0]);
if (major < 22) {
  throw new Error(`The tests need Node >= 22 (got ${version}): run them with \`npm test\`, which uses the project's own Node 22.`);
}
