/** Synth options several suites share, so that one jest run synthesizes each once (helpers/shared-synthesis.ts). */

/** Dev and prod in two regions, prod with a tag of its own. */
const TWO_ENVIRONMENTS = {
  dev: { region: 'eu-west-1', namePrefix: 'ic-dev' },
  prod: { region: 'us-east-1', namePrefix: 'ic-prod', tags: { 'cost-center': 'ml' } },
};

/** The team/ops issue's example configuration: a state bucket, and the two environments. */
const TWO_ENVIRONMENTS_S3_STATE = {
  stateBackend: { s3: { bucket: 'team-tf-state', region: 'us-east-1', keyPrefix: 'image-classification/' } },
  environments: TWO_ENVIRONMENTS,
};

export { TWO_ENVIRONMENTS, TWO_ENVIRONMENTS_S3_STATE };
