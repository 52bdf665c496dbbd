// Core findings with severity 'error' become one InputError (exit 2), every problem at once.
import { formatFinding } from '../core/finding-text.ts';
import type { Finding } from '../core/findings.ts';
import { InputError } from '../errors.ts';

export function findingsToInputError(findings: Finding[]): InputError {
  return new InputError(findings.filter((f) => f.severity === 'error').map((f) => ({ path: f.path, message: formatFinding(f) })));
}
