/**
 * The whole platform in-process for a test: the real engine (port 0), the real workers and the
 * portal (port 0), all on one fresh database, in the order `npm start` uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startEngine, type TestClock } from '@motcua/engine';
import {
  startWorkers,
  type NationalPortalConfig,
  type NotificationsOptions,
  type TokenSignerConfig,
} from '@motcua/engine-workers';
import { openDatabase } from '@motcua/db';
import { createPortalStores } from '@motcua/db/portal';
import type { TestDatabaseFactory } from '@motcua/db/testing';
import type { PublishedEntry } from '@motcua/processes';
import { startPortal, type RunningPortal, type StartPortalOptions } from '@motcua/portal';
import { hashPassword } from '../../src/auth/passwords.js';

export const DEMO_PASSWORD = 'mat-khau-thu-nghiem';
export const PROCEDURE_KEY = 'most-chung-chi-nhan-vien-buc-xa';

export interface Stack {
  engineUrl: string;
  dbUrl: string;
  dataDir: string;
  portal: RunningPortal;
  /** Runs the engine's due jobs (timers) once; with `clock` the executor runs only so. */
  runDueJobs(): Promise<unknown>;
  close(): Promise<void>;
}

/** `catalogue`: what the workers serve and the portal deploys (default: the published catalogue). */
export async function startStack(
  factory: TestDatabaseFactory,
  options: {
    catalogue?: PublishedEntry[];
    signing?: TokenSignerConfig;
    /** No token: the demo start's development software key in this folder (engine-workers README). */
    devSigningKeyDir?: string;
    /** The portal's upload limits and staging time (small limits make the size tests cheap). */
    documents?: StartPortalOptions['documents'];
    /** The portal's background refresh of running dossiers (default: the portal's own). */
    refreshDossiers?: { intervalMs?: number; batch?: number } | false;
    /** The workers' technical retries (default: the workers' own, 3 tries 5 s apart and more). */
    retry?: { retries?: number; backoffMs?: number };
    /** The portal's sign-in: identity providers, the embedded one (default: password only). */
    sso?: StartPortalOptions['sso'];
    /** Online payment (default off). */
    payment?: StartPortalOptions['payment'];
    /** The workers' notifications (issue 12), e.g. to the emulators. */
    notifications?: NotificationsOptions;
    /** The emulators the portal lists under /gia-lap/. */
    devEmulators?: StartPortalOptions['devEmulators'];
    /** The workers' national portal sync (e.g. at an emulator the test started). */
    nationalPortal?: NationalPortalConfig;
    /**
     * Time moves by this clock: the engine's (its job executor off — `runDueJobs()` runs what is
     * due), the workers' and online payment's.
     */
    clock?: TestClock;
  } = {},
): Promise<Stack> {
  const db = await factory.create();
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-portal-'));
  const clock = options.clock;
  const engine = await startEngine({
    dbUrl: db.url,
    port: 0,
    host: '127.0.0.1',
    ...(clock ? { clock, jobExecutor: { enabled: false } } : {}),
  });
  const cat = options.catalogue ? { catalogue: options.catalogue } : {};
  const workers = await startWorkers({
    engineUrl: engine.url,
    dbUrl: db.url,
    ...cat,
    ...(options.signing ? { signing: options.signing } : {}),
    ...(options.devSigningKeyDir ? { devSigningKeyDir: options.devSigningKeyDir } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.notifications ? { notifications: options.notifications } : {}),
    ...(options.nationalPortal ? { nationalPortal: options.nationalPortal } : {}),
    ...(clock ? { clock: () => clock.now() } : {}),
  });
  const portal = await startPortal({
    ...cat,
    port: 0,
    host: '127.0.0.1',
    engineUrl: engine.url,
    dbUrl: db.url,
    dataDir,
    demo: true,
    demoPassword: DEMO_PASSWORD,
    ...(options.documents ? { documents: options.documents } : {}),
    ...(options.refreshDossiers !== undefined ? { refreshDossiers: options.refreshDossiers } : {}),
    ...(options.sso ? { sso: options.sso } : {}),
    ...(options.payment ? { payment: options.payment } : {}),
    ...(options.devEmulators ? { devEmulators: options.devEmulators } : {}),
    ...(clock ? { paymentClock: () => clock.now() } : {}),
  });
  await portal.deployed;
  // A second one-stop-desk officer, to show that a task claimed by one cannot be completed by the other.
  const ds = await openDatabase({ url: db.url, migrate: false });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = createPortalStores(ds).users;
  await users.upsert({
    id: randomUUID(),
    username: 'canbo2',
    displayName: 'Đỗ Văn Em (cán bộ)',
    passwordHash,
    role: 'officer',
    groups: ['mot-cua'],
  });
  // An account the rate-limit test may lock out without disturbing the others.
  await users.upsert({
    id: randomUUID(),
    username: 'congdan3',
    displayName: 'Mai Văn Khoa',
    passwordHash,
    role: 'applicant',
    groups: [],
  });
  await ds.destroy();
  return {
    engineUrl: engine.url,
    dbUrl: db.url,
    dataDir,
    portal,
    runDueJobs: () => engine.jobs.runDue(),
    async close() {
      await portal.close();
      await workers.close();
      await engine.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A valid application for procedure 1.009846. */
export function validApplication(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    fullName: 'Nguyễn Văn An',
    dateOfBirth: '1990-05-12',
    citizenId: '001090012345',
    phone: '0912345678',
    email: 'an.nguyen@example.vn',
    facilityName: 'Bệnh viện Đa khoa tỉnh Hà Nam',
    facilityAddress: 'Phủ Lý, Hà Nam',
    radiationJob: 'van-hanh-thiet-bi',
    trainingCertificateNo: 'ATBX-2024-0153',
    trainingInstitution: 'Viện Năng lượng nguyên tử Việt Nam',
    trainingCertificateDate: '2024-03-01',
    truthfulnessCommitment: true,
    ...overrides,
  };
}
