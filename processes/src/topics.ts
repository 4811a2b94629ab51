/** External-task topics of the catalogue's processes (`<family>.<action>`), shared with the workers. */
export const TOPICS = {
  receiveDossier: 'dossier.receive',
  returnResult: 'dossier.return-result',
  /** Generated processes: the reminder to the unit leader before the appointment date. */
  escalate: 'notify.escalate',
  /** Generated processes: past the appointment date, the apology letter with a new date (form 04). */
  apology: 'dossier.apology',
  /** Generated processes with a signing step: sign the result document. */
  signResult: 'signing.sign-result',
  /**
   * Generated processes: after a supplement round, the clock resumes — the appointment date moves
   * by the working days paused (`resumeClock()` of `@motcua/processes` computes it).
   */
  resumeClock: 'dossier.resume-clock',
  /**
   * Generated processes whose main clock starts later than the receipt (a split time, or a fee to
   * pay): the dossier is valid and paid — the appointment date is recomputed from here
   * (`startMainClock()` / `mainClockVariables()` of `@motcua/processes`).
   */
  startMainClock: 'dossier.start-main-clock',
  /** Generated processes: the leader stopped the processing — notice of stop (form 05) with the reasons. */
  stop: 'dossier.stop',
  /**
   * Generated processes with a fee: an online payment request's time ran out (the timer the
   * request started on the payment wait) — the open request is marked expired, so the applicant
   * can pay again with a new reference.
   */
  expirePaymentRequest: 'payment.expire-request',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];
