import { parseEndpointResponse } from '../../handlers/endpoint-response';
import { topClass } from '../../handlers/scores';

const answer = (text: string) => ({
  endpointName: 'image-classification-2026',
  location: { bucket: 'images', key: 'test/crane.jpg' },
  body: new TextEncoder().encode(text),
  contentType: 'application/json',
});
const options = { format: 'auto', maxScores: 10_000 } as const;

/**
 * ImageNet-1k, the label set of most deployed image classifiers, names two classes "crane" (134, the bird;
 * 517, the machine) and two "maillot" in the id2label maps Hugging Face models carry and in torchvision's list
 * (pytorch/vision#1734, #4160). A model's answer is what it is: the image is classified by its top index.
 */
describe('a model whose own label set repeats a name', () => {
  it('classifies a Hugging Face top 5 that holds both ImageNet cranes', () => {
    const top5 =
      '[{"label":"crane","score":0.61},{"label":"crane","score":0.22},{"label":"stork","score":0.09},' +
      '{"label":"flamingo","score":0.05},{"label":"spoonbill","score":0.01}]';

    const classification = parseEndpointResponse(answer(top5), options);

    expect(topClass(classification)).toStrictEqual({ label: 'crane', score: 0.61 });
    expect(classification.scores).toHaveLength(5);
  });

  it('classifies a JumpStart verbose answer whose labels list holds a name twice', () => {
    const verbose = '{"probabilities":[0.05,0.9,0.05],"labels":["crane","maillot","crane"],"predicted_label":"maillot"}';

    expect(topClass(parseEndpointResponse(answer(verbose), options))).toStrictEqual({ label: 'maillot', score: 0.9 });
  });
});
