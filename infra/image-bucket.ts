import type { AwsContext } from './aws-context';
import type { DeploymentVariables } from './deployment-variables';

/** The bucket the pipeline reads images from and writes batch results to, as the functions, workflows, trigger and outputs need it. */
interface ImageBucket {
  readonly name: string;
  readonly arn: string;
  /** Key prefix of the images; may be empty (the whole bucket). */
  readonly imagePrefix: string;
  /** Key prefix the batch results (ResultWriter's files and the summary's) are written under. */
  readonly batchResultsPrefix: string;
  /** Key prefix each image's result object is written under (see workflow/result-object.ts). */
  readonly resultsPrefix: string;
}

function imageBucket(vars: DeploymentVariables, aws: AwsContext): ImageBucket {
  const name = vars.value('image_bucket');
  return {
    name,
    arn: aws.arn('s3', name, { regional: false }),
    imagePrefix: vars.value('image_key_prefix'),
    batchResultsPrefix: vars.value('batch_results_prefix'),
    resultsPrefix: vars.value('results_prefix'),
  };
}

/** The ARN of every object under a key prefix, for an IAM statement's resource. */
function objectsUnder(bucket: ImageBucket, prefix: string): string {
  return `${bucket.arn}/${prefix}*`;
}

export { imageBucket, objectsUnder };
export type { ImageBucket };
