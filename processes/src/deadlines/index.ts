export {
  receiptDeadlines,
  resumeClock,
  workingDaysAfter,
  type ClockInputs,
  type PausedDossier,
  type ReceiptDeadlines,
  type ResumedClock,
} from './dossier-clock.js';
