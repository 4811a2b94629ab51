/**
 * What the portal needs of an online payment gateway. VNPay implements it today
 * (`vnpay/vnpay-gateway.ts`); the national payment platform (PayGov) can implement it next without
 * touching the payment service, the pages or the stores.
 */

/** One attempt to pay, as the gateway is asked for it. */
export interface PaymentRequest {
  /** Our order reference, unique per attempt (`vnp_TxnRef`). */
  txnRef: string;
  amountVnd: number;
  /** What the applicant sees on the gateway's page (ASCII for VNPay). */
  orderInfo: string;
  createdAt: Date;
  expiresAt: Date;
  /** The applicant's address, as the gateway wants it. */
  clientIp: string;
  /** Where the gateway sends the browser back (display only). */
  returnUrl: string;
}

/** What the gateway says of one attempt (a verified callback or a query answer). */
export interface GatewayResult {
  txnRef: string;
  amountVnd: number;
  /** paid; failed (cancelled, refused, expired at the gateway); pending (not finished yet). */
  outcome: 'paid' | 'failed' | 'pending';
  responseCode: string;
  transactionNo: string | null;
  bankCode: string | null;
  paidAt: Date | null;
}

/** A callback whose signature does not verify, or is malformed. */
export interface RefusedCallback {
  refused: 'invalid-signature' | 'malformed';
}

export interface PaymentGateway {
  /** Short name stored with each attempt (`vnpay`). */
  readonly name: string;
  /** The signed URL of the gateway's payment page for this attempt. */
  paymentUrl(request: PaymentRequest): string;
  /** Checks the signature of a callback (IPN or browser return) and reads it. */
  readCallback(query: Record<string, string>): GatewayResult | RefusedCallback;
  /**
   * Asks the gateway for the state of one attempt (reconciliation); null when the gateway has
   * never seen the reference. Throws when the gateway fails or does not answer in time.
   */
  query(attempt: { txnRef: string; createdAt: Date }): Promise<GatewayResult | null>;
}

export const isRefused = (r: GatewayResult | RefusedCallback): r is RefusedCallback => 'refused' in r;
