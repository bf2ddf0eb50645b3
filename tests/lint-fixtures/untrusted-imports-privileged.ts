// Linted as src/untrusted/fixture.ts (tests/unit/lint-boundaries.test.ts): must fail.
import { handlers } from '../privileged/operations.ts';

export const leak = handlers;
