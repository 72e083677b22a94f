"""
cfn-lint rule for the EcsBatchScheduler shorthand (`cfn-lint -a cfn-lint-rules template.yaml`).

E9101 validates the properties of every Custom::BatchCommandSchedule against the JSON Schema generated
from the macro's own zod schema (schema/batch-command-schedule.schema.json), before expansion.

cfn-lint checks Custom:: types against AWS::CloudFormation::CustomResource and reports
E3003 "'ServiceToken' is a required property" for the shorthand, which the macro replaces before
CloudFormation ever sees it. A rule cannot switch another rule off, so this module narrows the built-in
property rule (E3002, with its children E3003, E3012, ...) to skip this one type, whose properties this
rule validates instead. Every other resource is linted exactly as before.
"""

import gc
import json
import os

# jsonschema comes with cfn-lint (through aws-sam-translator, which cfn-lint requires).
from jsonschema import Draft202012Validator

from cfnlint.rules import CloudFormationLintRule, RuleMatch

SHORTHAND_TYPE = "Custom::BatchCommandSchedule"
SCHEMA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schema", "batch-command-schedule.schema.json")


def _skip_shorthand(validate):
    def wrapper(self, validator, keyword, instance, schema):
        if isinstance(instance, dict) and instance.get("Type") == SHORTHAND_TYPE:
            return
        yield from validate(self, validator, keyword, instance, schema)

    wrapper.skips_batch_command_schedule = True
    return wrapper


def _narrow_builtin_property_rule():
    # cfn-lint loads its rules from their files, so the class to narrow is the one of the loaded E3002
    # instance (importing cfnlint.rules.resources.properties.Properties would give another copy).
    for obj in gc.get_objects():
        if isinstance(obj, CloudFormationLintRule) and getattr(obj, "id", None) == "E3002":
            cls = type(obj)
            if not getattr(cls.validate, "skips_batch_command_schedule", False):
                cls.validate = _skip_shorthand(cls.validate)


class BatchCommandScheduleProperties(CloudFormationLintRule):
    """Custom::BatchCommandSchedule properties match the EcsBatchScheduler schema"""

    id = "E9101"
    shortdesc = "EcsBatchScheduler shorthand properties are invalid"
    description = (
        "Validates Custom::BatchCommandSchedule properties against the JSON Schema "
        "generated from the EcsBatchScheduler macro's schema"
    )
    source_url = "README.md#preview-before-you-deploy"
    tags = ["resources", "ecs-batch-scheduler"]

    def __init__(self):
        super().__init__()
        with open(SCHEMA_PATH, encoding="utf-8") as f:
            self._validator = Draft202012Validator(json.load(f))

    def initialize(self, cfn):
        super().initialize(cfn)
        _narrow_builtin_property_rule()

    def match(self, cfn):
        matches = []
        for logical_id, resource in cfn.get_resources([SHORTHAND_TYPE]).items():
            properties = resource.get("Properties")
            base = ["Resources", logical_id, "Properties"]
            if properties is None:
                matches.append(RuleMatch(["Resources", logical_id], "Properties is required: Cluster, TaskDefinition, Schedules"))
                continue
            errors = sorted(self._validator.iter_errors(properties), key=lambda e: [str(p) for p in e.absolute_path])
            for error in errors:
                path = base + list(error.absolute_path)
                where = ".".join(str(p) for p in error.absolute_path) or "Properties"
                matches.append(RuleMatch(path, f"{logical_id}: {where}: {_message(error)}"))
        return matches


def _message(error):
    # anyOf over "value or intrinsic": report the most relevant branch, not "is not valid under any".
    if error.validator == "anyOf" and error.context:
        best = min(error.context, key=lambda e: (len(e.absolute_path) * -1, e.validator == "type"))
        return best.message
    return error.message
