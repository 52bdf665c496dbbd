// A scenario's business description of traffic → requests per second for each hour of a week.
// Pure: no I/O. Hours are the scenario's local time (its `timezone`), Monday 00:00–01:00 first; daylight-saving
// shifts are ignored (a week is always 168 equal hours). Monthly figures use the 730 h billing month (units.ts).
import { HOURS_PER_MONTH, HOURS_PER_WEEK, SECONDS_PER_HOUR, assertFinite } from '../units.ts';

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];
export const WEEKDAYS: readonly Day[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
export const WEEKEND: readonly Day[] = ['sat', 'sun'];

/** One hour-of-day range on some days. `toHour` ≤ `fromHour` wraps past midnight within the same day (17 → 9). */
export interface ShapePeriod {
  days: readonly Day[];
  fromHour: number;
  toHour: number;
  value: number;
}

/**
 * The week's shape: `periods` (hours not covered are 0) or 24 values for weekdays and weekends. `unit` says what
 * the values are; with a volume they only give proportions.
 */
export interface WeeklyShape {
  unit: 'relative' | 'concurrentUsers' | 'requestsPerSecond';
  periods: readonly ShapePeriod[] | null;
  hourly: { weekdays: readonly number[]; weekends: readonly number[] } | null;
}

/** How much traffic, at most one way; `null` when the absolute shape says it. */
export type Volume =
  | { kind: 'perDay'; requestsPerDay: number; basis: 'averageDay' | 'weekday' }
  | { kind: 'perMonth'; requestsPerMonth: number }
  | { kind: 'perSecond'; requestsPerSecond: number };

export interface InteractiveTraffic {
  kind: 'interactive';
  volume: Volume | null;
  shape: WeeklyShape | null;
  /** Closed-population cycle: think time between a response and the user's next request. */
  thinkTimeSeconds: number | null;
  responseSeconds: number;
  /** Share of requests a response cache (FAQ answers) serves without reaching the model. */
  responseCacheHitRate: number;
}

/** One run per listed day, spread evenly over [windowStartHour, deadlineHour); deadline ≤ start ends next day. */
export interface BatchTraffic {
  kind: 'batch';
  itemsPerRun: number;
  windowStartHour: number;
  deadlineHour: number;
  days: readonly Day[];
}

export type TrafficDescription = InteractiveTraffic | BatchTraffic;

/**
 * Little's law for a closed population (interactive response-time law): each of N users cycles through
 * "think, then wait for the response", so throughput X = N / (Z + R). Z = think time, R = response time.
 * R defaults to 0 in scenarios: it over-states X slightly (safe for sizing) and R ≪ Z for chat (5 s vs ~70 s).
 * Worked example: 400 users, Z = 67 s, R = 5 s → 400 / 72 = 5.56 requests/s.
 */
export function requestsPerSecondFromUsers(users: number, thinkTimeSeconds: number, responseSeconds = 0): number {
  return assertFinite('requestsPerSecond', users / (thinkTimeSeconds + responseSeconds));
}

/** Hours [from, to) of one day, wrapping past midnight when to ≤ from (a 0–24 period is the whole day). */
export function hoursOfPeriod(fromHour: number, toHour: number): number[] {
  const out: number[] = [];
  const length = toHour > fromHour ? toHour - fromHour : toHour + 24 - fromHour;
  for (let i = 0; i < length; i++) out.push((fromHour + i) % 24);
  return out;
}

/** The shape's raw values for each of the 168 hours (in its own unit). */
export function shapeValues(shape: WeeklyShape): number[] {
  const week = new Array<number>(HOURS_PER_WEEK).fill(0);
  if (shape.hourly) {
    DAYS.forEach((day, d) => {
      const day24 = WEEKEND.includes(day) ? shape.hourly!.weekends : shape.hourly!.weekdays;
      for (let h = 0; h < 24; h++) week[d * 24 + h] = day24[h] ?? 0;
    });
  }
  for (const p of shape.periods ?? []) {
    for (const day of p.days) {
      for (const h of hoursOfPeriod(p.fromHour, p.toHour)) week[DAYS.indexOf(day) * 24 + h] = p.value;
    }
  }
  return week;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function interactiveRates(t: InteractiveTraffic): number[] {
  const raw = t.shape ? shapeValues(t.shape) : new Array<number>(HOURS_PER_WEEK).fill(1);
  if (!t.volume) {
    // The shape is absolute: concurrent users through Little's law, or requests per second as written.
    if (!t.shape || t.shape.unit === 'relative') throw new Error('an interactive workload needs a volume or an absolute weekly shape');
    const miss = 1 - t.responseCacheHitRate;
    if (t.shape.unit === 'requestsPerSecond') return raw.map((r) => r * miss);
    if (t.thinkTimeSeconds === null) throw new Error('concurrent users need thinkTimeSeconds');
    return raw.map((users) => requestsPerSecondFromUsers(users, t.thinkTimeSeconds!, t.responseSeconds) * miss);
  }
  const total = sum(raw);
  if (total <= 0) throw new Error('the weekly shape is zero everywhere');
  const v = t.volume;
  let weeklyRequests: number;
  if (v.kind === 'perMonth') weeklyRequests = (v.requestsPerMonth * HOURS_PER_WEEK) / HOURS_PER_MONTH;
  else if (v.kind === 'perSecond') weeklyRequests = v.requestsPerSecond * HOURS_PER_WEEK * SECONDS_PER_HOUR;
  else if (v.basis === 'averageDay') weeklyRequests = v.requestsPerDay * 7;
  else {
    // requestsPerDay describes an average Monday–Friday; weekends follow the shape's proportions.
    const weekdayTotal = sum(raw.slice(0, 5 * 24));
    if (weekdayTotal <= 0) throw new Error('the weekly shape is zero on every weekday');
    weeklyRequests = (v.requestsPerDay * 5 * total) / weekdayTotal;
  }
  return raw.map((x) => (weeklyRequests * (1 - t.responseCacheHitRate) * x) / total / SECONDS_PER_HOUR);
}

function batchRates(t: BatchTraffic): number[] {
  const week = new Array<number>(HOURS_PER_WEEK).fill(0);
  const hours = hoursOfPeriod(t.windowStartHour, t.deadlineHour);
  const rate = batchRequestsPerSecond(t);
  for (const day of t.days) {
    const start = DAYS.indexOf(day) * 24 + t.windowStartHour;
    // A window past Sunday midnight wraps to Monday: the week repeats.
    hours.forEach((_, i) => (week[(start + i) % HOURS_PER_WEEK]! += rate));
  }
  return week;
}

/** Rate that finishes a run exactly at the deadline: items / window. 5,000 items in 20:00–24:00 → 0.347/s. */
export function batchRequestsPerSecond(t: Pick<BatchTraffic, 'itemsPerRun' | 'windowStartHour' | 'deadlineHour'>): number {
  return t.itemsPerRun / (hoursOfPeriod(t.windowStartHour, t.deadlineHour).length * SECONDS_PER_HOUR);
}

/**
 * Requests per second that reach the model for each of the 168 hours of the week, Monday 00:00–01:00 first
 * (local time), after the response cache.
 */
export function hourlyArrivalRates(t: TrafficDescription): number[] {
  const rates = t.kind === 'batch' ? batchRates(t) : interactiveRates(t);
  rates.forEach((r, i) => assertFinite(`hourlyRequestsPerSecond[${i}]`, r));
  return rates;
}

/** Requests in one week of the curve: Σ rate × 3,600 s. */
export function weeklyRequests(hourly: readonly number[]): number {
  return sum(hourly) * SECONDS_PER_HOUR;
}

/** Requests in a 730 h month, consistent with the curve: weekly × 730 / 168. */
export function monthlyRequests(hourly: readonly number[]): number {
  return (weeklyRequests(hourly) * HOURS_PER_MONTH) / HOURS_PER_WEEK;
}

/** Requests per day from users: 10,000 DAU × 20 messages/day = 200,000 requests/day. */
export function requestsPerDayFromUsers(dailyActiveUsers: number, requestsPerUserPerDay: number): number {
  return dailyActiveUsers * requestsPerUserPerDay;
}

/** Traffic multiplier after `months` of compound growth: (1 + rate)^months. */
export function growthFactor(monthlyGrowthRate: number, months: number): number {
  return assertFinite('growthFactor', (1 + monthlyGrowthRate) ** months);
}
