// Local hours of the scenario's week as UTC instants, for prices that depend on the time of day (DeepSeek's
// off-peak window is written in UTC; the scenario's weekly curve is in its own time zone).

/** Minutes the zone is ahead of UTC at `at` (America/New_York in January: −300). */
const formats = new Map<string, Intl.DateTimeFormat>();
function offsetMinutes(timeZone: string, at: Date): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  // Building a DateTimeFormat costs ~0.5 ms (ICU); one per zone serves every hour of the week.
  let f = formats.get(timeZone);
  if (!f) formats.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })));
  const parts = f.formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((local - at.getTime()) / 60_000);
}

/**
 * The UTC instant of each hour of the week (0 = Monday 00:00 local) in the week that starts on the first Monday
 * on or after `asOf`. Two passes of the offset find the instant across a daylight-saving change.
 */
export function weekHoursUtc(asOf: string, timeZone: string): Date[] {
  const d = new Date(`${asOf}T00:00:00Z`);
  const toMonday = (8 - d.getUTCDay()) % 7; // getUTCDay: 0 = Sunday, 1 = Monday
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + toMonday);
  return Array.from({ length: 168 }, (_, h) => {
    const wall = monday + h * 3_600_000;
    let t = wall - offsetMinutes(timeZone, new Date(wall)) * 60_000;
    t = wall - offsetMinutes(timeZone, new Date(t)) * 60_000;
    return new Date(t);
  });
}
