"""IAM, EKS and STS for the IRSA assistant: verify a role setup, create it, try it. No Qt."""
