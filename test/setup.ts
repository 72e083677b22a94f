// aws-local-stepfunctions 3 uses Promise.withResolvers (Node 22); this machine runs Node 20. The CLI needs
// the same polyfill, so there is one copy of it.
import '../cli/simulation/polyfill';
import { compileAslSchemasOnce } from './support/aslSchemasOnce';

// Tests never touch AWS: keep any SDK client from probing the instance-metadata address.
process.env['AWS_EC2_METADATA_DISABLED'] = 'true';

// asl-validator compiles its JSON schemas on every call (see the module): once per test file instead.
compileAslSchemasOnce();
