import type { OutcomeSettings } from '../workflow/result-object';
import type { DeploymentVariables } from './deployment-variables';
import type { ImageBucket } from './image-bucket';

/** Where both workflows write each image's result, the endpoint they name in it, and whom they email: the deployment's variables. */
function outcomeSettings(vars: DeploymentVariables, bucket: ImageBucket): OutcomeSettings {
  return {
    results: { bucketName: bucket.name, bucketArn: bucket.arn, resultsPrefix: bucket.resultsPrefix },
    endpointName: vars.value('endpoint_name'),
    notifyOn: vars.value('notify_on'),
  };
}

export { outcomeSettings };
