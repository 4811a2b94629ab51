// Online fee payments (issue 12): attempts and the dossier's "paid online" mark.
import { Payments1765110000000 } from './1765110000000-payments.migration.js';
import { PaymentAttemptEntity } from './payment-attempt.entity.js';

export type { PaymentStatus } from './payment-attempt.entity.js';
export * from './payment-store.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const paymentEntities: Function[] = [PaymentAttemptEntity];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const paymentMigrations: Function[] = [Payments1765110000000];
