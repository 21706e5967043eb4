import type { ImageClassificationWorkflowProps } from '../../asl';

const WORKFLOW_ARNS: ImageClassificationWorkflowProps = {
  functionArns: {
    serializeImageData: 'arn:aws:lambda:us-east-1:123456789012:function:serializeImageData',
    classifyImageData: 'arn:aws:lambda:us-east-1:123456789012:function:classifyImageData',
    filterInferenceData: 'arn:aws:lambda:us-east-1:123456789012:function:filterInferenceData',
  },
  topicArn: 'arn:aws:sns:us-east-1:123456789012:image-classification',
};

export { WORKFLOW_ARNS };
