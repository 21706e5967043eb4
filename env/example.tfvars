# Every variable of the synthesized stack, with example values (the shipped Terraform tests use the
# same ones). Copy it per environment, e.g. env/prod.tfvars, and plan from the stack folder:
#   terraform plan -var-file=../../../env/prod.tfvars
notification_email   = "ops@example.com"
endpoint_name        = "image-classification-2026"
image_bucket         = "my-images"
image_key_prefix     = "test/"
confidence_threshold = 0.93
