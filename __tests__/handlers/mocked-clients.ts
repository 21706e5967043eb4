import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';

/*
 * A client for the handler under test, and the mock that answers the calls of every client of its
 * class (aws-sdk-client-mock), reset after each test of the file that asks for it.
 */

function mockedS3() {
  const s3Mock = mockClient(S3Client);
  afterEach(() => s3Mock.reset());
  return { s3Mock, s3: new S3Client({ region: 'us-east-1' }) };
}

function mockedSageMaker() {
  const sagemakerMock = mockClient(SageMakerRuntimeClient);
  afterEach(() => sagemakerMock.reset());
  return { sagemakerMock, sagemaker: new SageMakerRuntimeClient({ region: 'us-east-1' }) };
}

export { mockedS3, mockedSageMaker };
