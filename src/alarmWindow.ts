/** How a "no success within" window becomes a CloudWatch alarm (shared by the macro and the preview commands). */
import { MAX_NO_SUCCESS_MINUTES, windowTooLong } from './schema';

/** A "no success within" window as a CloudWatch alarm takes it: `evaluationPeriods` periods of `periodSeconds`, all breaching. */
export interface AlarmWindow {
  readonly minutes: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
}

/**
 * The alarm for a window of `minutes`: one period when it fits in a day; otherwise the fewest periods of
 * whole minutes, each at least an hour and at most a day, that add up to it exactly. CloudWatch looks back
 * at most 7 days (Period × EvaluationPeriods ≤ 604,800 s; ≤ 86,400 s with periods under an hour), and takes
 * periods that are a multiple of 60 s. Returns a message when the window cannot be expressed.
 */
export function alarmWindow(minutes: number): AlarmWindow | string {
  if (minutes > MAX_NO_SUCCESS_MINUTES) {
    return windowTooLong(minutes);
  }
  if (minutes <= 1440) return { minutes, periodSeconds: minutes * 60, evaluationPeriods: 1 };
  for (let periods = 2; periods <= 7 * 24; periods++) {
    const period = minutes / periods;
    if (Number.isInteger(period) && period >= 60 && period <= 1440) return { minutes, periodSeconds: period * 60, evaluationPeriods: periods };
  }
  const lower = Math.floor(minutes / 60) * 60;
  return `${minutes} minutes cannot be expressed as a CloudWatch alarm window: above a day it must be whole periods of 1 to 24 hours (in whole minutes), e.g. ${lower} or ${lower + 60}`;
}

