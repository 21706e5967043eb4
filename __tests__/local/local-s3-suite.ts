import type { S3Client } from '@aws-sdk/client-s3';
import { localS3Client, startLocalS3 } from '../../local/local-s3';
import type { LocalS3 } from '../../local/local-s3';

/** A local S3 server and a client of it, shared by the tests of one describe. */
interface LocalS3Suite {
  readonly s3: LocalS3;
  readonly client: S3Client;
}

/** Starts a local S3 server (and `seed`s it) before the enclosing describe's tests; destroys the client and closes the server after them. */
function localS3Suite(seed: (s3: LocalS3) => void = () => undefined): LocalS3Suite {
  let started: LocalS3Suite | undefined;
  beforeAll(async () => {
    const s3 = await startLocalS3();
    started = { s3, client: localS3Client(s3.url) };
    seed(s3);
  });
  afterAll(async () => {
    started?.client.destroy();
    await started?.s3.close();
  });
  const current = (): LocalS3Suite => {
    if (started === undefined) throw new Error("a suite's local S3 is used outside its tests");
    return started;
  };
  return {
    get s3() {
      return current().s3;
    },
    get client() {
      return current().client;
    },
  };
}

export { localS3Suite };
export type { LocalS3Suite };
