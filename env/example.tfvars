# Every variable of the synthesized stack, with example values (the shipped Terraform tests use the
# same ones). Copy it per environment, e.g. env/prod.tfvars, and plan from the stack folder:
#   terraform plan -var-file=../../../env/prod.tfvars
# This example is written by `npx tsx scripts/write-example-tfvars.ts` from the variables
# (infra/deployment-variables.ts, infra/alarm-table.ts); your copies are yours to edit.
notification_email   = "ops@example.com"
endpoint_name        = "image-classification-2026"
image_bucket         = "my-images"
image_key_prefix     = "test/"
confidence_threshold = 0.93
max_image_bytes      = 6291456
max_scores           = 10000

# The model: how its answer is read, what is sent with the image, which model answers, and the names of
# index-based scores (defaults shown: any known shape, the image as it is, no target, classes named by index)
endpoint_response_format     = "auto"
endpoint_content_type        = ""
endpoint_accept              = "application/json"
endpoint_target_model        = ""
endpoint_target_variant      = ""
endpoint_inference_component = ""
class_labels                 = []

# Operations: who gets the alarms, and when they fire (thresholds at their defaults)
ops_emails                          = ["oncall@example.com"]
endpoint_variant_name               = "AllTraffic"
alarm_evaluation_periods            = 1
executions_failed_threshold         = 5
executions_timed_out_threshold      = 1
execution_throttled_threshold       = 1
function_errors_threshold           = 5
function_throttles_threshold        = 1
endpoint_5xx_threshold              = 1
model_latency_p90_ms                = 2000
dead_letter_messages_threshold      = 0
batch_executions_failed_threshold   = 1
below_threshold_share_alarm         = 0.5
below_threshold_min_classifications = 10

# Trigger and batch (defaults shown; enable_trigger replaces the bucket's notification configuration)
enable_trigger                     = false
batch_max_concurrency              = 10
batch_tolerated_failure_percentage = 100
batch_results_prefix               = "batch-results/"
trigger_archive_retention_days     = 14
results_prefix                     = "classification-results/"
notify_on                          = "all"
