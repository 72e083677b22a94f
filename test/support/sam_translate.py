"""Runs the AWS SAM translator offline on a template (argv[1]) and prints the resulting template as JSON.

Used by the tests to prove the macro's output composes with AWS::Serverless-2016-10-31.
"""
import json
import sys

from samtranslator.public.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform


class NoManagedPolicies:
    """SAM asks a loader for managed policy ARNs; the tests' templates use none."""

    def load(self, *args, **kwargs):
        return {}


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        template = json.load(handle)
    try:
        print(json.dumps(transform(template, {}, NoManagedPolicies())))
    except InvalidDocumentException as error:
        print(json.dumps({"errors": [str(cause) for cause in error.causes]}))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
