#!/usr/bin/env bash
# The tests assert the exact findings of two independent tools (cfn-lint's rule codes and messages, the SAM
# translator's output). Their expectations were recorded with the versions below: another version may
# report new findings or silently stop reporting some, so a mismatch is a failure that says what to do,
# not something to discover from a wall of failing assertions.
set -euo pipefail

expect_cfn_lint="1.51.0"
expect_sam_translator="1.110.0"

status=0
cfn_lint=$(cfn-lint --version 2>/dev/null | awk '{print $2}' || true)
if [ "$cfn_lint" != "$expect_cfn_lint" ]; then
  echo "oracle versions: cfn-lint ${cfn_lint:-NOT INSTALLED}, but the tests were recorded with cfn-lint $expect_cfn_lint (pip install cfn-lint==$expect_cfn_lint, or re-record the expectations and update .ci/oracles.sh)" >&2
  status=1
fi
sam=$(python3 -c 'import samtranslator; print(samtranslator.__version__)' 2>/dev/null || true)
if [ "$sam" != "$expect_sam_translator" ]; then
  echo "oracle versions: aws-sam-translator ${sam:-NOT INSTALLED}, but the tests were recorded with aws-sam-translator $expect_sam_translator (pip install aws-sam-translator==$expect_sam_translator, or re-record the expectations and update .ci/oracles.sh)" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "oracle versions: cfn-lint $cfn_lint, aws-sam-translator $sam (as recorded)"
exit "$status"
