import { imageClassificationWorkflow, renderMermaid } from './asl';
const d = imageClassificationWorkflow({ functionArns: { serializeImageData: 'arn:aws:lambda:us-east-1:123456789012:function:serializeImageData', classifyImageData: 'arn:aws:lambda:us-east-1:123456789012:function:classifyImageData', filterInferenceData: 'arn:aws:lambda:us-east-1:123456789012:function:filterInferenceData' }, topicArn: 'arn:aws:sns:us-east-1:123456789012:image-classification' });
console.log(d.render());
console.log(renderMermaid(d));
console.log(JSON.stringify(d.permissions()));
