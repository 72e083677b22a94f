#!/usr/bin/env node
/**
 * The executable (`bin` of the package): runs one command with the real process. Kept apart from
 * ./index so that the tests import `main` without running anything, and so the bundle's entry is an ES
 * module whose commands load the AWS SDK and the local Step Functions engine only when they need them.
 */
import { readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { oneLine } from './commands';
import { main } from './index';

// Node.js 22.1+ keeps V8's compiled code of the chunks a command imports (below, on demand) in a cache in
// the OS temp directory, so the next start does not compile them again; older versions have no such
// function. NODE_DISABLE_COMPILE_CACHE=1 turns it off, NODE_COMPILE_CACHE=<dir> moves it.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

void Promise.resolve(
  main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFileSync(path, 'utf8'),
    isTty: process.stdout.isTTY,
    env: process.env,
  }),
).then(
  (code) => (process.exitCode = code),
  // Never a stack trace: an error no command caught is one line, exit 1.
  (error: unknown) => {
    process.stderr.write(`${oneLine(process.argv[2] ?? '', error)}\n`);
    process.exitCode = 1;
  },
);
