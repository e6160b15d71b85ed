/** A half-open time window [start, end) in absolute time. */
export interface TimeWindow {
  start: Date;
  end: Date;
}

/** How far either side of a known event time {@link aroundEvent} reaches. */
const EVENT_TIME_SLACK_MS = 60 * 60 * 1000;

/**
 * Where an event known by its id and time is looked up: an hour either side. Its time is to the
 * second; the hour keeps CloudTrail's delivery delay (minutes) inside the days an engine
 * partitioned by delivery day (Athena) reads, even for an event just before midnight.
 *
 * @example aroundEvent(Date.parse('2026-03-01T23:50:00Z')) // → 22:50 on 1 March to 00:50 on 2 March
 */
export const aroundEvent = (eventTimeMs: number): TimeWindow => ({
  start: new Date(eventTimeMs - EVENT_TIME_SLACK_MS),
  end: new Date(eventTimeMs + EVENT_TIME_SLACK_MS),
});
