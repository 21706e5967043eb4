import { classLabelsLocals, terraformJsonEncode } from '../../local/class-labels-object';

describe('terraformJsonEncode', () => {
  // Each expected text is what `terraform console` 1.11 prints for jsonencode of the same list.
  it('escapes <, >, & and the line separators as Terraform does, and writes other characters as they are', () => {
    expect(terraformJsonEncode(['a<b>&c', 'é', '\u2028x\u2029', 'emoji 👍', 'q"\\', '\b\f\u007f\u0001'])).toBe(
      '["a\\u003cb\\u003e\\u0026c","é","\\u2028x\\u2029","emoji 👍","q\\"\\\\","\\b\\f\u007f\\u0001"]',
    );
  });

  it('normalizes to NFC, as Terraform holds strings', () => {
    expect(terraformJsonEncode(['e\u0301'])).toBe('["é"]');
  });
});

describe('classLabelsLocals', () => {
  it('names the object by the SHA-256 of its content under the results prefix, as Terraform computes it', () => {
    // sha256(jsonencode(["cat","dog"])) in `terraform console`.
    const sha256 = '07bdda6536300f70cd3ae02db4e242d6c8ebf7609da98970c67bb4753e900c38';

    expect(classLabelsLocals({ classLabels: ['cat', 'dog'], imageBucket: 'images', resultsPrefix: 'results/' })).toStrictEqual({
      class_labels_content: '["cat","dog"]',
      class_labels_key: `results/configuration/class-labels-${sha256}.json`,
      class_labels_location: `s3://images/results/configuration/class-labels-${sha256}.json`,
    });
  });

  it('gives no location when there are no labels', () => {
    expect(classLabelsLocals({ classLabels: [], imageBucket: 'images', resultsPrefix: 'results/' }).class_labels_location).toBe('');
  });
});
