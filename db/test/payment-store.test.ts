/**
 * Payment attempts on SQLite and MariaDB: every change of state happens once however often the
 * gateway's answer arrives; settling once; the open and expired lists; the dossier's paid-online mark.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import { DossierStore, PaymentStore } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';

const dialects = await testDatabases();
const MIN = 60_000;

describe.each(dialects)('payment attempts on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: PaymentStore;
  const now = new Date('2026-12-07T03:00:00Z');
  let dossierId: string;

  const attempt = (txnRef: string, createdAt = now) =>
    store.create({
      id: randomUUID(),
      dossierId,
      applicantId: 'u1',
      gateway: 'vnpay',
      txnRef,
      amountVnd: 10_000_000,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + 15 * MIN),
    });
  const paid = (at = now) => ({
    responseCode: '00',
    gatewayTransactionNo: '14000001',
    bankCode: 'NCB',
    paidAt: at,
    confirmedBy: 'ipn' as const,
    at,
  });

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    store = new PaymentStore(ds);
    dossierId = randomUUID();
    await new DossierStore(ds).insertStarting({
      id: dossierId,
      procedureKey: 'k',
      procedureCode: 'c',
      applicantId: 'u1',
      channel: 2,
      submittedAt: now,
      submittedData: { fullName: 'Nguyễn Văn An' },
    });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('confirms a payment once, settles it once, and never reuses a reference', async () => {
    await attempt('T-1');
    await expect(attempt('T-1')).rejects.toThrow();
    expect(await store.confirmPaid('T-1', paid())).toBe(true);
    expect(await store.confirmPaid('T-1', paid())).toBe(false);
    expect(await store.close('T-1', 'failed', { responseCode: '24', confirmedBy: 'ipn', at: now })).toBe(
      false,
    );
    const a = (await store.findByTxnRef('T-1'))!;
    expect(a).toMatchObject({
      status: 'paid',
      amountVnd: 10_000_000,
      gatewayTransactionNo: '14000001',
      settledAt: null,
    });
    expect((await store.listUnsettled()).map((x) => x.txnRef)).toEqual(['T-1']);
    expect(await store.markSettled('T-1', now)).toBe(true);
    expect(await store.markSettled('T-1', now)).toBe(false);
    expect(await store.listUnsettled()).toEqual([]);
  });

  it('closes a pending attempt once; an expired one can still be confirmed, a failed one cannot', async () => {
    await attempt('T-2', new Date(now.getTime() - 30 * MIN));
    await attempt('T-3', new Date(now.getTime() - 30 * MIN));
    await attempt('T-4');
    // Same creation time: their order is not fixed.
    expect((await store.listExpired(now)).map((x) => x.txnRef).sort()).toEqual(['T-2', 'T-3']);
    expect(await store.close('T-2', 'expired', { responseCode: null, confirmedBy: 'timer', at: now })).toBe(
      true,
    );
    expect(await store.close('T-2', 'expired', { responseCode: null, confirmedBy: 'timer', at: now })).toBe(
      false,
    );
    expect(await store.close('T-3', 'failed', { responseCode: '24', confirmedBy: 'ipn', at: now })).toBe(
      true,
    );
    expect((await store.listOpen(new Date(now.getTime() - 60 * MIN))).map((x) => x.txnRef)).toEqual([
      'T-2',
      'T-4',
    ]);
    expect(await store.confirmPaid('T-2', paid())).toBe(true);
    expect(await store.confirmPaid('T-3', paid())).toBe(false);
    expect((await store.listByDossier(dossierId)).map((x) => x.txnRef).sort()).toEqual([
      'T-1',
      'T-2',
      'T-3',
      'T-4',
    ]);
  });

  it('marks the dossier paid online once and does not move its revision', async () => {
    const before = await new DossierStore(ds).findById(dossierId);
    await store.markDossierPaidOnline(dossierId, now);
    await store.markDossierPaidOnline(dossierId, new Date(now.getTime() + MIN));
    const marks = await store.paidOnline([dossierId, randomUUID()]);
    expect([...marks.keys()]).toEqual([dossierId]);
    expect(marks.get(dossierId)!.getTime()).toBe(now.getTime());
    expect((await new DossierStore(ds).findById(dossierId))!.rev).toBe(before!.rev);
  });
});
