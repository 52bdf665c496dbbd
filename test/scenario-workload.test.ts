// core/capacity/workload.ts: hand-checkable traffic facts.
import { describe, expect, it } from 'vitest';
import {
  batchRequestsPerSecond,
  growthFactor,
  hourlyArrivalRates,
  hoursOfPeriod,
  monthlyRequests,
  requestsPerDayFromUsers,
  requestsPerSecondFromUsers,
  weeklyRequests,
  type InteractiveTraffic,
} from '../src/core/capacity/workload.ts';

const interactive = (over: Partial<InteractiveTraffic> = {}): InteractiveTraffic => ({
  kind: 'interactive',
  volume: null,
  shape: null,
  thinkTimeSeconds: null,
  responseSeconds: 0,
  responseCacheHitRate: 0,
  ...over,
});

const seedShape = {
  unit: 'concurrentUsers' as const,
  hourly: null,
  periods: [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, fromHour: 9, toHour: 17, value: 400 },
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, fromHour: 17, toHour: 9, value: 50 },
    { days: ['sat', 'sun'] as const, fromHour: 0, toHour: 24, value: 20 },
  ],
};

describe('seed 000 chatbot arithmetic', () => {
  it('10,000 DAU × 20 messages/day = 200,000 requests/day', () => {
    expect(requestsPerDayFromUsers(10_000, 20)).toBe(200_000);
  });

  it("Little's law: 400 users thinking 67 s with 5 s responses send 400 / 72 = 5.56 requests/s", () => {
    expect(requestsPerSecondFromUsers(400, 67, 5)).toBeCloseTo(5.5556, 4);
    // response time omitted: a slight over-estimate, 400 / 67
    expect(requestsPerSecondFromUsers(400, 67)).toBeCloseTo(5.9701, 4);
  });

  it('200,000/day spread flat is 2.31 requests/s and 6,083,333 requests in a 730 h month', () => {
    const hourly = hourlyArrivalRates(interactive({ volume: { kind: 'perDay', requestsPerDay: 200_000, basis: 'averageDay' } }));
    expect(hourly[0]).toBeCloseTo(200_000 / 86_400, 12);
    expect(monthlyRequests(hourly)).toBeCloseTo((200_000 * 730) / 24, 4);
  });

  it('the absolute concurrency shape with 72 s cycles gives 200,000 on a weekday and 24,000 on a weekend day', () => {
    const hourly = hourlyArrivalRates(interactive({ shape: seedShape, thinkTimeSeconds: 67, responseSeconds: 5 }));
    const day = (d: number) => weeklyRequests(hourly.slice(d * 24, d * 24 + 24));
    expect(day(0)).toBeCloseTo(200_000, 6);
    expect(day(4)).toBeCloseTo(200_000, 6);
    expect(day(5)).toBeCloseTo(24_000, 6);
    expect(weeklyRequests(hourly)).toBeCloseTo(1_048_000, 6);
    // Monday 09:00 is 400 users, Monday 08:00 and 17:00 are 50, Saturday 12:00 is 20.
    expect(hourly[9]).toBeCloseTo(400 / 72, 12);
    expect(hourly[8]).toBeCloseTo(50 / 72, 12);
    expect(hourly[17]).toBeCloseTo(50 / 72, 12);
    expect(hourly[5 * 24 + 12]).toBeCloseTo(20 / 72, 12);
  });

  it('the same shape as proportions, scaled to 200,000 per weekday, is the same curve', () => {
    const scaled = hourlyArrivalRates(interactive({ shape: seedShape, volume: { kind: 'perDay', requestsPerDay: 200_000, basis: 'weekday' } }));
    const absolute = hourlyArrivalRates(interactive({ shape: seedShape, thinkTimeSeconds: 72 }));
    scaled.forEach((r, i) => expect(r).toBeCloseTo(absolute[i]!, 9));
  });

  it('a 40% response cache removes 40% of every hour', () => {
    const base = hourlyArrivalRates(interactive({ volume: { kind: 'perSecond', requestsPerSecond: 10 } }));
    const cached = hourlyArrivalRates(interactive({ volume: { kind: 'perSecond', requestsPerSecond: 10 }, responseCacheHitRate: 0.4 }));
    expect(cached[0]).toBeCloseTo(base[0]! * 0.6, 12);
  });
});

describe('the week', () => {
  it('has 168 hours, Monday 00:00 first', () => {
    const hourly = hourlyArrivalRates(interactive({ volume: { kind: 'perSecond', requestsPerSecond: 1 }, shape: { unit: 'relative', hourly: null, periods: [{ days: ['mon'], fromHour: 0, toHour: 1, value: 1 }] } }));
    expect(hourly).toHaveLength(168);
    expect(hourly[0]).toBeCloseTo(168, 9);
    expect(hourly.slice(1).every((r) => r === 0)).toBe(true);
  });

  it('the hourly curve sums to the weekly volume, and the month is weekly × 730 / 168', () => {
    const hourly = hourlyArrivalRates(interactive({ volume: { kind: 'perMonth', requestsPerMonth: 50_000 }, shape: { ...seedShape, unit: 'relative' } }));
    expect(weeklyRequests(hourly)).toBeCloseTo((50_000 * 168) / 730, 6);
    expect(monthlyRequests(hourly)).toBeCloseTo(50_000, 6);
  });

  it('an hourly profile: weekdays Monday-Friday, weekends Saturday-Sunday', () => {
    const weekdays = Array.from({ length: 24 }, (_, h) => h);
    const weekends = new Array(24).fill(1);
    const hourly = hourlyArrivalRates(interactive({ shape: { unit: 'requestsPerSecond', periods: null, hourly: { weekdays, weekends } } }));
    expect(hourly[4 * 24 + 23]).toBe(23);
    expect(hourly[5 * 24 + 23]).toBe(1);
  });

  it('periods wrap past midnight within the day', () => {
    expect(hoursOfPeriod(17, 9)).toEqual([17, 18, 19, 20, 21, 22, 23, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(hoursOfPeriod(0, 24)).toHaveLength(24);
  });
});

describe('batch', () => {
  it('5,000 items between 20:00 and midnight need 0.347 requests/s, on each run day only', () => {
    const t = { kind: 'batch' as const, itemsPerRun: 5000, windowStartHour: 20, deadlineHour: 24, days: ['mon', 'sun'] as const };
    expect(batchRequestsPerSecond(t)).toBeCloseTo(5000 / 14_400, 12);
    const hourly = hourlyArrivalRates({ ...t, days: [...t.days] });
    expect(hourly[20]).toBeCloseTo(0.3472, 4);
    expect(hourly[19]).toBe(0);
    expect(hourly[24 + 20]).toBe(0);
    expect(weeklyRequests(hourly)).toBeCloseTo(10_000, 6);
  });

  it('a window past midnight on Sunday wraps to Monday morning', () => {
    const hourly = hourlyArrivalRates({ kind: 'batch', itemsPerRun: 3600, windowStartHour: 22, deadlineHour: 2, days: ['sun'] });
    expect(hourly[167]).toBeCloseTo(0.25, 12);
    expect(hourly[0]).toBeCloseTo(0.25, 12);
    expect(hourly[1]).toBeCloseTo(0.25, 12);
    expect(hourly[2]).toBe(0);
  });
});

it('growth compounds: 5%/month for 12 months is ×1.7959', () => {
  expect(growthFactor(0.05, 12)).toBeCloseTo(1.795856, 6);
});
