/**
 * Jest's order of the test files: the longest first, so that neither worker is left alone with a long file at
 * the end of the run. Jest does this by itself from the durations it cached on an earlier run; on a run
 * without them (a fresh clone, CI, a new cache directory) it orders by file size, and the cfn-lint run over
 * the goldens, a short file that takes the longest, started last: 22 s at the end of an uncached run of
 * 128 s wall. Here a file that jest has no duration for takes the one below, measured (CPU seconds in one
 * full run, child processes included: the files that lint, start npm, moto_server or the CLI, or run
 * fast-check's thousands of expansions), and any other file none (jest would run a file without a duration before all
 * those with one, and order the files by size only when none has one): it runs after them.
 */
const Sequencer = require('@jest/test-sequencer').default;
const { basename } = require('node:path');

/**
 * Seconds, as jest caches a file's duration (only their order matters): CPU seconds of each file in one full
 * run (load 5), the lint runs of the shared cfn-lint included; the package test and the import boundaries
 * as measured alone after their last changes (jest's start taken off).
 */
const MEASURED = {
  'cfnLint.test.ts': 14,
  'properties.test.ts': 10,
  'operate.e2e.test.ts': 9,
  'package.test.ts': 8.5,
  'security.test.ts': 7,
  'preview.test.ts': 5,
  'stateMachine.test.ts': 5,
  'motoDeploy.test.ts': 4,
  'operate.test.ts': 4,
  'readmeCommands.test.ts': 4,
  'cfnLintRule.test.ts': 3,
  'realTemplates.test.ts': 3,
  'deadExports.test.ts': 3,
  'importBoundaries.test.ts': 3,
  'runCost.test.ts': 2.5,
  'cliRobustness.test.ts': 2.5,
  'sam.test.ts': 2.4,
};

class LongestFirst extends Sequencer {
  time(test) {
    const cached = super.time(test);
    const measured = MEASURED[basename(test.path)];
    return cached ?? (measured ?? 0) * 1000;
  }
}

module.exports = LongestFirst;
