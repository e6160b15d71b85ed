/** A half-open time window [start, end) in absolute time. */
export interface TimeWindow {
  start: Date;
  end: Date;
}
