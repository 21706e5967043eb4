import { SucceedState } from '../../../asl';
import { problemsOf } from '../fixtures';

describe('SucceedState', () => {
  it('renders its input and output fields and nothing else', () => {
    expect(new SucceedState('Done', { comment: 'ok', inputPath: '$.body', outputPath: '$.result' }).render()).toStrictEqual({
      Type: 'Succeed',
      Comment: 'ok',
      InputPath: '$.body',
      OutputPath: '$.result',
    });
  });

  it('rejects Output in a JSONPath state', () => {
    expect(problemsOf('Done', [new SucceedState('Done', { output: '{% 1 %}' })])).toStrictEqual([
      "State 'Done' uses Output, which JSONPath states cannot have",
    ]);
  });
});
