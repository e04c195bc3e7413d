"""Evaluates recorded AWS calls against IAM policy documents with moto's IAM policy engine.

stdin:  {"policies": [policy document, ...], "calls": [{"action": "s3:GetObject", "resource": "arn:..."}, ...]}
stdout: {"results": [{"allowing": [{"sid": ..., "condition": {...} or null}], "denying": [...]}, ...]}

Each statement is evaluated on its own, without its Condition (moto does not evaluate most condition keys): the
caller checks the conditions of the statements that allow a call against the values the call carried.
"""
import json
import sys

import re

try:
    from moto.iam.access_control import IAMPolicy, IAMPolicyStatement, PermissionResult
except ImportError as error:
    print(json.dumps({"error": "moto is not installed for %s (%s): pip install 'moto==5.2.1'"
                      % (sys.executable, error)}))
    sys.exit(3)


def iam_match(pattern, string):
    """IAM's wildcards: '*' any characters, '?' exactly one, everything else literal.

    moto 5.2.1 turns only '*' into '.*' and leaves the rest as a regular expression, so '?' (used for shard
    indexes: csv-to-kafka-job.??) means "optional previous character" and '.' any character.
    """
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.match("^" + regex + "$", string)


IAMPolicyStatement._match = staticmethod(iam_match)

request = json.load(sys.stdin)
results = []
for call in request["calls"]:
    allowing, denying = [], []
    for document in request["policies"]:
        statements = document["Statement"]
        for statement in statements if isinstance(statements, list) else [statements]:
            bare = {key: value for key, value in statement.items() if key != "Condition"}
            verdict = IAMPolicy(json.dumps({"Version": "2012-10-17", "Statement": [bare]})) \
                .is_action_permitted(call["action"], call["resource"])
            entry = {"sid": statement.get("Sid", ""), "condition": statement.get("Condition")}
            if verdict == PermissionResult.PERMITTED:
                allowing.append(entry)
            elif verdict == PermissionResult.DENIED:
                denying.append(entry)
    results.append({"allowing": allowing, "denying": denying})
print(json.dumps({"results": results}))
