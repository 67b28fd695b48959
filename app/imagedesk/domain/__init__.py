"""Pure Python domain: dataclasses, validation and host parsing. No Qt, no boto3, no I/O."""
