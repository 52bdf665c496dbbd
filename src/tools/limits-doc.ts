// docs/limits.md's table: every limit of core/bounds.ts with its value, unit and reason, in the table's order.
import { LIMITS, MAX_ECHO_CHARS, MAX_PROBLEMS_SHOWN, formatLimit, type Limit } from '../core/bounds.ts';

export function renderLimitsTable(): string {
  const rows = Object.entries(LIMITS).map(([name, l]: [string, Limit]) => {
    const range = l.min === undefined ? `≤ ${formatLimit(l.max)}` : `${formatLimit(l.min)} – ${formatLimit(l.max)}`;
    return `| \`${name}\` | ${range} ${l.unit} | ${l.why} |`;
  });
  return [
    '| limit | accepted | why |',
    '|---|---|---|',
    ...rows,
    `| problems listed | ${MAX_PROBLEMS_SHOWN} | the rest are counted ("… and 1,234 more") |`,
    `| input echoed in a message | ${MAX_ECHO_CHARS} characters | then "…" and the length; control characters escaped |`,
    '',
  ].join('\n');
}
