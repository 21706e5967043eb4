import fc from 'fast-check';
import {
  DEFAULT_ENDPOINT_RESPONSE_FORMAT,
  ENDPOINT_RESPONSE_FORMATS,
  ENDPOINT_RESPONSE_SHAPES,
  isEndpointResponseFormat,
} from '../../contract/endpoint-response';
import type { EndpointResponseFormat, EndpointResponseShape } from '../../contract/endpoint-response';
import { matchingShapes, parseEndpointResponse } from '../../handlers/endpoint-response';
import { topClass } from '../../handlers/scores';
import { echo } from '../../handlers/echo';
import type { EndpointResponseOptions } from '../../handlers/endpoint-response';
import { InvalidEndpointResponse } from '../../handlers/errors';

const endpointName = 'image-classification-2026';
const location = { bucket: 'images', key: 'test/bicycle_s_000513.png' };
const S3_URL = 's3://images/test/bicycle_s_000513.png';

/**
 * One realistic answer per shape, as each serving stack writes it for one image. The numbers are
 * made up; the layouts follow each stack's documentation or source (see the report for sources).
 */
const EXAMPLES = {
  /** SageMaker built-in image-classification algorithm, Accept application/json: the probability of each class. */
  seed: '[0.0013, 0.9987]',
  /** Hugging Face inference toolkit, image-classification pipeline: the top 5 by default. */
  huggingface:
    '[{"label":"tabby, tabby cat","score":0.9387},{"label":"tiger cat","score":0.0411},{"label":"Egyptian cat","score":0.0178},' +
    '{"label":"lynx, catamount","score":0.0004},{"label":"remote control, remote","score":0.0002}]',
  /** JumpStart image classification, Accept application/json;verbose. */
  jumpstart: '{"probabilities":[0.0213,0.9787],"labels":["dandelion","roses"],"predicted_label":"roses"}',
  /** TorchServe image_classifier handler with an index_to_name.json: its top 5. */
  torchserve: '{"tabby":0.4096,"tiger_cat":0.3467,"Egyptian_cat":0.13,"lynx":0.0234,"lens_cap":0.0108}',
  /** TensorFlow Serving REST predict, row format, one instance. */
  tensorflow: '{"predictions":[[0.0013,0.9987]]}',
} as const satisfies Record<EndpointResponseShape, string>;

const HUGGING_FACE_SCORES = {
  scores: [0.9387, 0.0411, 0.0178, 0.0004, 0.0002],
  labels: ['tabby, tabby cat', 'tiger cat', 'Egyptian cat', 'lynx, catamount', 'remote control, remote'],
};
const TORCHSERVE_SCORES = {
  scores: [0.4096, 0.3467, 0.13, 0.0234, 0.0108],
  labels: ['tabby', 'tiger_cat', 'Egyptian_cat', 'lynx', 'lens_cap'],
};
const CLASS_LABELS = ['automobile', 'bicycle'];

const encode = (text: string) => new TextEncoder().encode(text);

function parse(text: string, options: Partial<EndpointResponseOptions> = {}, contentType?: string) {
  return parseEndpointResponse(
    { endpointName, location, body: encode(text), contentType: contentType ?? 'application/json' },
    { format: 'auto', maxScores: 10_000, ...options },
  );
}

function failure(parsing: () => unknown): unknown {
  try {
    parsing();
  } catch (error) {
    return error;
  }
  throw new Error('Expected the answer to be refused');
}

function expectRefused(parsing: () => unknown, detail: string): void {
  const error = failure(parsing);

  expect(error).toBeInstanceOf(InvalidEndpointResponse);
  expect(error).toStrictEqual(new InvalidEndpointResponse(endpointName, location, detail));
  expect((error as Error).message).toBe(`Endpoint ${endpointName} returned an invalid response for ${S3_URL}: ${detail}`);
}

describe('parseEndpointResponse', () => {
  describe('reads each shape', () => {
    it.each(['auto', 'seed'] as const)("reads the seed's probability array (format %s)", (format) => {
      expect(parse(EXAMPLES.seed, { format })).toStrictEqual({ scores: [0.0013, 0.9987] });
    });

    it.each(['auto', 'huggingface'] as const)(
      "reads Hugging Face's top-k {label, score} list with its own labels (format %s)",
      (format) => {
        expect(parse(EXAMPLES.huggingface, { format })).toStrictEqual(HUGGING_FACE_SCORES);
      },
    );

    it.each(['auto', 'jumpstart'] as const)(
      "reads JumpStart's verbose answer with its labels, ignoring predicted_label (format %s)",
      (format) => {
        expect(parse(EXAMPLES.jumpstart, { format })).toStrictEqual({ scores: [0.0213, 0.9787], labels: ['dandelion', 'roses'] });
      },
    );

    it.each(['auto', 'jumpstart'] as const)("reads JumpStart's plain answer, probabilities only (format %s)", (format) => {
      expect(parse('{"probabilities":[0.0213,0.9787]}', { format })).toStrictEqual({ scores: [0.0213, 0.9787] });
    });

    it.each(['auto', 'torchserve'] as const)("reads TorchServe's label->score map in the body's order (format %s)", (format) => {
      expect(parse(EXAMPLES.torchserve, { format })).toStrictEqual(TORCHSERVE_SCORES);
    });

    it.each(['auto', 'torchserve'] as const)("reads TorchServe's batch of one map (format %s)", (format) => {
      expect(parse(`[${EXAMPLES.torchserve}]`, { format })).toStrictEqual(TORCHSERVE_SCORES);
    });

    it('reads the class indexes TorchServe writes without an index_to_name.json as labels, in ascending index order', () => {
      expect(parse('{"282":0.3467,"281":0.4096}')).toStrictEqual({ scores: [0.4096, 0.3467], labels: ['281', '282'] });
    });

    it.each(['auto', 'tensorflow'] as const)("reads TensorFlow Serving's one row of predictions (format %s)", (format) => {
      expect(parse(EXAMPLES.tensorflow, { format })).toStrictEqual({ scores: [0.0013, 0.9987] });
    });

    it.each([
      [
        "an Estimator's predict signature (probabilities, all_classes)",
        '{"predictions":[{"probabilities":[0.0013,0.9987],"class_ids":[1],"classes":["1"],"all_classes":["cat","bicycle"],"logits":[-3.3,3.3]}]}',
        { scores: [0.0013, 0.9987], labels: ['cat', 'bicycle'] },
      ],
      [
        'a classification signature (scores, classes)',
        '{"predictions":[{"scores":[0.0013,0.9987],"classes":["cat","bicycle"]}]}',
        { scores: [0.0013, 0.9987], labels: ['cat', 'bicycle'] },
      ],
      [
        'named outputs without class names',
        '{"predictions":[{"probabilities":[0.0013,0.9987],"class_ids":[1]}]}',
        { scores: [0.0013, 0.9987] },
      ],
    ])("reads TensorFlow Serving's named outputs of %s", (_, body, expected) => {
      expect(parse(body, { format: 'tensorflow' })).toStrictEqual(expected);
      expect(parse(body)).toStrictEqual(expected);
    });

    it('accepts 0 and 1, integers, exponents and a byte-order mark', () => {
      expect(parse('\uFEFF[0, 1, 1e-7, 0.5E0]')).toStrictEqual({ scores: [0, 1, 1e-7, 0.5] });
    });

    it('accepts an answer whatever Content-Type it declares, or none, when its body is JSON of a known shape', () => {
      expect(parse(EXAMPLES.seed, {}, 'text/plain')).toStrictEqual({ scores: [0.0013, 0.9987] });
      expect(
        parseEndpointResponse(
          { endpointName, location, body: encode(EXAMPLES.seed), contentType: undefined },
          { format: 'auto', maxScores: 2 },
        ),
      ).toStrictEqual({ scores: [0.0013, 0.9987] });
    });
  });

  describe('names answers by index with class_labels', () => {
    it.each([
      ['seed', EXAMPLES.seed],
      ['jumpstart without labels', '{"probabilities":[0.0013,0.9987]}'],
      ['tensorflow', EXAMPLES.tensorflow],
    ])('names a %s answer with the class labels at the same indexes', (_, body) => {
      expect(parse(body, { classLabels: CLASS_LABELS })).toStrictEqual({ scores: [0.0013, 0.9987], labels: CLASS_LABELS });
    });

    it.each([
      ['huggingface', EXAMPLES.huggingface, HUGGING_FACE_SCORES],
      ['torchserve', EXAMPLES.torchserve, TORCHSERVE_SCORES],
      ['jumpstart with labels', EXAMPLES.jumpstart, { scores: [0.0213, 0.9787], labels: ['dandelion', 'roses'] }],
    ])('keeps the labels a %s answer carries, whatever class_labels holds', (_, body, expected) => {
      expect(parse(body, { classLabels: ['a', 'b', 'c'] })).toStrictEqual(expected);
    });

    it.each([
      ['seed', '[0.2, 0.3, 0.5]'],
      ['jumpstart', '{"probabilities":[0.2,0.3,0.5]}'],
      ['tensorflow', '{"predictions":[[0.2,0.3,0.5]]}'],
    ])('refuses a %s answer whose score count differs from the class labels', (shape, body) => {
      expectRefused(
        () => parse(body, { classLabels: CLASS_LABELS }),
        `3 scores but 2 class labels (class_labels): a ${shape} answer is named by index, so the counts must match`,
      );
    });

    it('names 10,000 scores with 10,000 class labels', () => {
      const classLabels = Array.from({ length: 10_000 }, (_, index) => `class_${index}`);
      const scores = Array.from({ length: 10_000 }, (_, index) => (index === 7_777 ? 0.5 : 0.5 / 9_999));

      const parsed = parse(JSON.stringify(scores), { classLabels });

      expect(parsed).toStrictEqual({ scores, labels: classLabels });
      expect(topClass(parsed)).toStrictEqual({ score: 0.5, label: 'class_7777' });
    });
  });

  describe('recognises shapes unambiguously', () => {
    it.each(ENDPOINT_RESPONSE_SHAPES)('recognises the %s example as that shape only', (shape) => {
      expect(matchingShapes(JSON.parse(EXAMPLES[shape]))).toStrictEqual([shape]);
    });

    const pinnedMismatches = ENDPOINT_RESPONSE_SHAPES.flatMap((format) =>
      ENDPOINT_RESPONSE_SHAPES.filter((shape) => shape !== format).map((shape) => [format, shape] as const),
    );
    const EXPECTED_LAYOUTS: Record<EndpointResponseShape, string> = {
      seed: '[score, ...]',
      huggingface: '[{"label": "...", "score": score}, ...]',
      jumpstart: '{"probabilities": [score, ...], "labels": ["...", ...]} (labels optional)',
      torchserve: '{"label": score, ...} or [{"label": score, ...}]',
      tensorflow: '{"predictions": [[score, ...]]} or {"predictions": [{"probabilities": [score, ...], "classes": ["...", ...]}]}',
    };

    it.each(pinnedMismatches)('format %s refuses a %s answer, saying which shape it expected', (format, shape) => {
      const body = EXAMPLES[shape];

      expectRefused(
        () => parse(body, { format }),
        `expected the ${format} shape, ${EXPECTED_LAYOUTS[format]}, got: ${echo(JSON.parse(body))}`,
      );
    });

    it.each([
      ['an error object', '{"error":"Servable not found for request: Latest(half)"}'],
      ['a JSON string of an array', '"[0.0013, 0.9987]"'],
      ['a number', '0.9987'],
      ['null', 'null'],
      ['an array of strings', '["0.0013", "0.9987"]'],
      ['a mixed array', '[0.0013, {"label":"bicycle","score":0.9987}]'],
      ['both probabilities and predictions', '{"probabilities":[0.1,0.9],"predictions":[[0.1,0.9]]}'],
      ['an empty object', '{}'],
      ['a map with a string value', '{"tabby":"0.9"}'],
      ['a list of {label, score} and a map', '[{"label":"tabby","score":0.9},{"lynx":0.1}]'],
    ])('refuses %s in auto, naming the shapes tried and echoing the body', (_, body) => {
      expectRefused(
        () => parse(body),
        `matches none of the shapes tried (seed, huggingface, jumpstart, torchserve, tensorflow): ${JSON.stringify(JSON.parse(body))}`,
      );
    });

    const probability = fc.double({ min: 0, max: 1, noNaN: true });
    const label = fc.string({ minLength: 1, maxLength: 12 });
    const scoreMap = fc.dictionary(
      label.filter((name) => name !== 'label' && name !== '__proto__'),
      probability,
      { minKeys: 1, maxKeys: 8 },
    );
    const BODIES: Record<EndpointResponseShape, fc.Arbitrary<unknown>> = {
      seed: fc.array(probability, { minLength: 1, maxLength: 20 }),
      huggingface: fc.uniqueArray(fc.record({ label, score: probability }), { selector: (item) => item.label, minLength: 1, maxLength: 8 }),
      jumpstart: fc.array(probability, { minLength: 1, maxLength: 8 }).chain((probabilities) =>
        fc.oneof(
          fc.constant({ probabilities }),
          fc
            .uniqueArray(label, { minLength: probabilities.length, maxLength: probabilities.length })
            .map((labels) => ({ probabilities, labels, predicted_label: labels[0] })),
        ),
      ),
      torchserve: fc.oneof(
        scoreMap,
        scoreMap.map((map) => [map]),
      ),
      tensorflow: fc.array(probability, { minLength: 1, maxLength: 20 }).map((row) => ({ predictions: [row] })),
    };
    const shapedBody = fc.constantFrom(...ENDPOINT_RESPONSE_SHAPES).chain((shape) => BODIES[shape].map((body) => ({ shape, body })));

    it('recognises every generated body of a shape as that shape only, and auto reads it as the pinned format does', () => {
      fc.assert(
        fc.property(shapedBody, ({ shape, body }) => {
          const text = JSON.stringify(body);

          expect(matchingShapes(JSON.parse(text))).toStrictEqual([shape]);
          expect(parse(text)).toStrictEqual(parse(text, { format: shape }));
        }),
      );
    });

    /** JSON built from the shapes' own keys and values, so that near misses and mixtures of shapes come up often. */
    const { nearMiss } = fc.letrec<{ nearMiss: unknown }>((tie) => ({
      nearMiss: fc.oneof(
        { depthSize: 'small' },
        probability,
        fc.constantFrom('tabby', '0.5', null),
        fc.array(tie('nearMiss'), { maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom('label', 'score', 'labels', 'probabilities', 'predictions', 'predicted_label', 'tabby'),
          tie('nearMiss'),
          {
            maxKeys: 4,
          },
        ),
      ),
    }));

    it('never finds two shapes in any JSON value', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.jsonValue(),
            nearMiss,
            shapedBody.map(({ body }) => body),
          ),
          // A predicate, not expect, which would cost more than the check over 5,000 runs; a value it fails is reported.
          (value) => matchingShapes(value).length <= 1,
        ),
        { numRuns: 5_000 },
      );
    });

    it('lists every format the Terraform variable accepts: auto and each shape', () => {
      expect(ENDPOINT_RESPONSE_FORMATS).toStrictEqual(['auto', 'seed', 'huggingface', 'jumpstart', 'torchserve', 'tensorflow']);
      expect(DEFAULT_ENDPOINT_RESPONSE_FORMAT).toBe('auto');
    });

    it.each([
      ['auto', true],
      ['tensorflow', true],
      ['TensorFlow', false],
      ['json', false],
      ['', false],
    ])('isEndpointResponseFormat(%j) is %s', (value, expected) => {
      expect(isEndpointResponseFormat(value)).toBe(expected);
    });
  });

  describe('refuses what it cannot read', () => {
    it.each([
      ['no body', undefined],
      ['a body of zero bytes', new Uint8Array()],
    ])('refuses %s as an empty body', (_, body) => {
      expectRefused(
        () => parseEndpointResponse({ endpointName, location, body, contentType: 'application/json' }, { format: 'auto', maxScores: 10 }),
        'empty body (Content-Type application/json)',
      );
    });

    it('refuses bytes that are not UTF-8, giving their Content-Type and size', () => {
      expectRefused(
        () =>
          parseEndpointResponse(
            { endpointName, location, body: new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0xff]), contentType: 'application/x-npy' },
            { format: 'auto', maxScores: 10 },
          ),
        'not UTF-8 text (Content-Type application/x-npy, 7 bytes)',
      );
    });

    it('refuses an HTML error page as not JSON, echoing at most 200 characters of it', () => {
      const page = `<html><head><title>502 Bad Gateway</title></head><body>${'<p>upstream error</p>'.repeat(50)}</body></html>`;
      const echoed = JSON.stringify(page);

      expectRefused(
        () => parse(page, {}, 'text/html'),
        `not JSON (Content-Type text/html): ${echoed.slice(0, 200)}… (${echoed.length} characters)`,
      );
    });

    it('refuses an answer without a Content-Type that is not JSON, saying none was given', () => {
      expectRefused(
        () =>
          parseEndpointResponse(
            { endpointName, location, body: encode('oops'), contentType: undefined },
            { format: 'auto', maxScores: 10 },
          ),
        'not JSON (Content-Type not given): "oops"',
      );
    });

    it('says when the body holds NaN or Infinity, which TensorFlow Serving writes but JSON cannot carry', () => {
      expectRefused(
        () => parse('{"predictions": [[NaN, -Infinity]]}'),
        'not JSON (Content-Type application/json, NaN or Infinity in place of a number): "{\\"predictions\\": [[NaN, -Infinity]]}"',
      );
    });

    describe.each([
      [
        'a score that is not a probability',
        [
          ['[0.5, 1e400]', 'seed answer: [1] is Infinity, not a finite number'],
          ['[-1e400]', 'seed answer: [0] is -Infinity, not a finite number'],
          ['[0.2, 1.5]', 'seed answer: [1] is 1.5, outside [0, 1]'],
          ['[-0.01, 1]', 'seed answer: [0] is -0.01, outside [0, 1]'],
          ['[{"label":"tabby","score":"0.9"}]', 'huggingface answer: [0].score is "0.9", not a number'],
          ['[{"label":"tabby"}]', 'huggingface answer: [0].score is undefined, not a number'],
          ['[{"label":"tabby","score":4.2}]', 'huggingface answer: [0].score is 4.2, outside [0, 1]'],
          ['{"probabilities":[0.2,null]}', 'jumpstart answer: probabilities[1] is null, not a number'],
          ['{"tabby":1.01}', 'torchserve answer: ["tabby"] is 1.01, outside [0, 1]'],
          ['[{"tabby":-2}]', 'torchserve answer: [0]["tabby"] is -2, outside [0, 1]'],
          ['{"predictions":[[2.3,-1.7]]}', 'tensorflow answer: predictions[0][0] is 2.3, outside [0, 1]'],
          ['{"predictions":[[0.1,"x"]]}', 'tensorflow answer: predictions[0][1] is "x", not a number'],
        ],
      ],
      [
        'a label that is not a string',
        [
          ['[{"label":7,"score":0.9}]', 'huggingface answer: [0].label is 7, not a string'],
          ['[{"label":null,"score":0.9}]', 'huggingface answer: [0].label is null, not a string'],
          ['{"probabilities":[0.1,0.9],"labels":["roses",2]}', 'jumpstart answer: labels[1] is 2, not a string'],
        ],
      ],
      [
        'JumpStart labels that do not match its probabilities',
        [
          ['{"probabilities":[0.1,0.9],"labels":"roses"}', 'jumpstart answer: "labels" must be a list of names when given, got: "roses"'],
          ['{"probabilities":[0.1,0.9],"labels":["roses"]}', 'jumpstart answer: "labels" holds 1 names for 2 probabilities'],
        ],
      ],
      [
        'TensorFlow Serving predictions that are not one row of scores',
        [
          [
            '{"predictions":[0.1,0.9]}',
            `tensorflow answer: "predictions" is a flat list, one score per instance in TensorFlow Serving's row format, but one image was sent: expected [[score, ...]], got: [0.1,0.9]`,
          ],
          [
            '{"predictions":[[0.1,0.9],[0.2,0.8]]}',
            'tensorflow answer: "predictions" holds 2 rows; one image was sent, so exactly one was expected',
          ],
          ['{"predictions":[]}', 'tensorflow answer: "predictions" holds 0 rows; one image was sent, so exactly one was expected'],
          [
            '{"predictions":[{"logits":[2.1,-1.3],"class_ids":[0]}]}',
            'tensorflow answer: "predictions"[0] names the outputs ["logits","class_ids"], none of them "probabilities" or "scores"',
          ],
          ['{"predictions":["bicycle"]}', 'tensorflow answer: "predictions" must hold one row of scores, [[score, ...]], got: ["bicycle"]'],
        ],
      ],
    ])('refuses an answer with %s', (_, answers) => {
      it.each(answers)('%s', (body, detail) => {
        expectRefused(() => parse(body), detail);
      });
    });

    it.each([
      ['seed', '[]'],
      ['jumpstart', '{"probabilities":[]}'],
      ['tensorflow', '{"predictions":[[]]}'],
    ])('refuses a %s answer without scores', (shape, body) => {
      expectRefused(() => parse(body), `${shape} answer holds no scores`);
    });

    it('refuses a label longer than 256 characters, echoing 200 characters of it', () => {
      const echoed = `"${'x'.repeat(199)}… (259 characters)`;

      expectRefused(
        () => parse(`{"${'x'.repeat(257)}": 0.9}`),
        `torchserve answer: [${echoed}] is 257 characters long, more than 256: ${echoed}`,
      );
    });

    it('accepts a label of 256 characters', () => {
      expect(parse(`[{"label":"${'x'.repeat(256)}","score":0.9}]`)).toStrictEqual({ scores: [0.9], labels: ['x'.repeat(256)] });
    });

    it('refuses a TorchServe batch of two answers: one image was sent', () => {
      expectRefused(
        () => parse('[{"tabby":0.9},{"lynx":0.8}]'),
        'torchserve answer: a batch of 2 answers; one image was sent, so exactly one was expected',
      );
    });
  });

  describe('bounds the scores by maxScores', () => {
    it.each(ENDPOINT_RESPONSE_SHAPES)('accepts exactly maxScores scores from a %s answer', (shape) => {
      expect(parse(EXAMPLES[shape], { maxScores: shape === 'huggingface' || shape === 'torchserve' ? 5 : 2 }).scores).toHaveLength(
        shape === 'huggingface' || shape === 'torchserve' ? 5 : 2,
      );
    });

    it.each(ENDPOINT_RESPONSE_SHAPES)('refuses a %s answer with more than maxScores scores', (shape) => {
      const count = shape === 'huggingface' || shape === 'torchserve' ? 5 : 2;

      expectRefused(
        () => parse(EXAMPLES[shape], { maxScores: count - 1 }),
        `${count} scores, more than the ${count - 1} allowed (MAX_SCORES)`,
      );
    });

    /** 10,000 scores in each shape, each body a few hundred kilobytes: read in full (the time is a benchmark's business). */
    const TEN_THOUSAND: Record<EndpointResponseShape, (scores: number[]) => unknown> = {
      seed: (scores) => scores,
      huggingface: (scores) => scores.map((score, index) => ({ label: `class_${index}`, score })),
      jumpstart: (scores) => ({ probabilities: scores, labels: scores.map((_, index) => `class_${index}`) }),
      torchserve: (scores) => Object.fromEntries(scores.map((score, index) => [`class_${index}`, score])),
      tensorflow: (scores) => ({ predictions: [scores] }),
    };

    it.each(ENDPOINT_RESPONSE_SHAPES)('reads 10,000 scores from a %s answer and refuses 10,001', (shape) => {
      const scores = Array.from({ length: 10_001 }, (_, index) => (index % 100) / 100);
      const body = (count: number) => JSON.stringify(TEN_THOUSAND[shape](scores.slice(0, count)));

      const parsed = parse(body(10_000));

      expect(parsed.scores).toStrictEqual(scores.slice(0, 10_000));
      expect(parsed.labels?.length ?? 10_000).toBe(10_000);
      expectRefused(() => parse(body(10_001)), '10001 scores, more than the 10000 allowed (MAX_SCORES)');
    });
  });
});

describe('topClass of a parsed answer', () => {
  it("names the highest score by the model's own label", () => {
    expect(topClass(HUGGING_FACE_SCORES)).toStrictEqual({ score: 0.9387, label: 'tabby, tabby cat' });
  });
});

describe.each(['auto', ...ENDPOINT_RESPONSE_SHAPES] as EndpointResponseFormat[])('format %s', (format) => {
  it('refuses an empty body before looking for a shape', () => {
    expectRefused(() => parse('', { format }), 'empty body (Content-Type application/json)');
  });
});
