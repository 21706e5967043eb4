import 'aws-sdk-client-mock-jest';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  throw new Error(`The tests need Node >= 22 (got ${process.version}): run them with \`npm test\`, which uses the project's own Node 22.`);
}
