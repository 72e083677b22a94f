"""Times aws-sam-translator (offline) as a peer for `npm run bench`.

Reads {"sizes": [N, ...], "minSeconds": s, "minRuns": k, "maxRuns": m} as JSON on stdin and prints, as
JSON, for each N: the median time of one `transform()` of a SAM template with one
AWS::Serverless::StateMachine (an ECS runTask.sync task, like ours) and N ScheduleV2 events, the number
of runs and of resources generated. The template is deep-copied before each run (the translator mutates
its input); the copy is not timed.
"""
import copy
import json
import statistics
import sys
import time

from samtranslator.translator.transform import transform


class NoManagedPolicies:
    def load(self, *args, **kwargs):
        return {}


def template(n: int) -> dict:
    definition = {
        "StartAt": "RunTask",
        "States": {
            "RunTask": {
                "Type": "Task",
                "Resource": "arn:aws:states:::ecs:runTask.sync",
                "Parameters": {
                    "Cluster": "${Cluster}",
                    "TaskDefinition": "${TaskDefinition}",
                    "LaunchType": "FARGATE",
                    "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["${Subnets}"], "AssignPublicIp": "DISABLED"}},
                    "Overrides": {"ContainerOverrides": [{"Name": "app", "Command.$": "$.commands"}]},
                },
                "End": True,
            }
        },
    }
    events = {
        f"S{i}": {
            "Type": "ScheduleV2",
            "Properties": {
                "ScheduleExpression": f"cron({i % 60} {i % 24} * * ? *)",
                "Input": json.dumps({"commands": ["python", "manage.py", "job", str(i)], "environment": [{"Name": "JOB", "Value": str(i)}]}),
            },
        }
        for i in range(n)
    }
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {
            "Jobs": {
                "Type": "AWS::Serverless::StateMachine",
                "Properties": {
                    "Definition": definition,
                    "DefinitionSubstitutions": {"Cluster": "batch", "TaskDefinition": "arn:aws:ecs:eu-central-1:123456789012:task-definition/app:3", "Subnets": "subnet-0123456789abcdef0"},
                    "Policies": [
                        {"Statement": [
                            {"Effect": "Allow", "Action": "ecs:RunTask", "Resource": "arn:aws:ecs:eu-central-1:123456789012:task-definition/app:3"},
                            {"Effect": "Allow", "Action": ["ecs:StopTask", "ecs:DescribeTasks"], "Resource": "*"},
                            {"Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Resource": "arn:aws:events:eu-central-1:123456789012:rule/StepFunctionsGetEventsForECSTaskRule"},
                        ]}
                    ],
                    "Events": events,
                },
            }
        },
    }


def main() -> int:
    options = json.load(sys.stdin)
    results = {}
    for n in options["sizes"]:
        source = template(n)
        output = transform(copy.deepcopy(source), {}, NoManagedPolicies())  # warm-up, and the resource count
        times = []
        started = time.perf_counter()
        while len(times) < options["maxRuns"] and (len(times) < options["minRuns"] or time.perf_counter() - started < options["minSeconds"]):
            document = copy.deepcopy(source)
            t0 = time.perf_counter()
            transform(document, {}, NoManagedPolicies())
            times.append((time.perf_counter() - t0) * 1000)
        results[str(n)] = {"medianMs": statistics.median(times), "runs": len(times), "resources": len(output["Resources"])}
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
