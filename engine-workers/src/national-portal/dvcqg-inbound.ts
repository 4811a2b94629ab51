import { randomUUID } from 'node:crypto';
import { type DataSource } from '@motcua/db';
import {
  DossierAttachmentStore,
  DossierStore,
  DvcqgInboundStore,
  readDvcqgDossierSnapshot,
} from '@motcua/db/workers';
import type { Logger } from '@motcua/domain';
import { EngineClient, toTypedVariables, typed } from '@motcua/engine-client';
import type { CatalogueEntry } from '@motcua/processes';
import type { EngineAuth } from '../config.js';
import { describeAnswer, isSuccess, type DvcqgClient } from './dvcqg-client.js';

/** Applicant id of the dossiers taken in from the national portal (no portal account behind it). */
export const DVCQG_APPLICANT_ID = 'dvcqg';

/** One dossier of the national portal's inbound queue, as it lists it. */
interface InboundItem {
  MaHoSoQG: string;
  MaTTHC: string;
  ChuHoSo?: string;
  SoGiayToChuHoSo?: string;
  NgayNopHoSo?: string;
  DuLieuBieuMau?: Record<string, unknown>;
  TaiLieuNop?: Array<{ TenTepDinhKem?: string; MaThanhPhanHoSo?: string; NoiDungBase64?: string }>;
}

export interface DvcqgInboundOptions {
  ds: DataSource;
  client: DvcqgClient;
  catalogue: CatalogueEntry[];
  engineUrl: string;
  engineAuth?: EngineAuth;
  logger: Logger;
  /** Pause between two pulls of the queue, ms. Default 5,000. */
  pollMs?: number;
  clock?: () => Date;
}

/** What the bytes are (the national portal's word is not trusted): PDF, PNG or JPEG; else null. */
function mediaTypeOf(b: Buffer): string | null {
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  return null;
}

/** Camunda typed variables of plain form values. */
/**
 * Takes in the dossiers filed on the national portal: each starts our process once, whatever
 * the queue repeats. The national code reserves our dossier id first (`dvcqg_inbound`), so a
 * repeat in the queue, a second puller or a restart halfway finds the same dossier: the portal
 * row is written once (`starting`), the engine is asked by business key before a start, and the
 * queue is acknowledged with our dossier code once the receipt step gave it — until then the
 * dossier stays in the queue and the next pull finishes it. The form data and documents travel
 * with it (documents whose bytes are not PDF, PNG or JPEG are left out, and logged); the receipt
 * step checks the data against the start form as for any application.
 */
export class DvcqgInboundPuller {
  private readonly inbound: DvcqgInboundStore;
  private readonly dossiers: DossierStore;
  private readonly attachments: DossierAttachmentStore;
  private readonly log: Logger;
  /** The engine's REST API: the dossier's process is started there. */
  private readonly engine: EngineClient;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(private readonly o: DvcqgInboundOptions) {
    this.inbound = new DvcqgInboundStore(o.ds);
    this.dossiers = new DossierStore(o.ds);
    this.attachments = new DossierAttachmentStore(o.ds);
    this.log = o.logger.child({ component: 'dvcqg-inbound' });
    this.engine = new EngineClient({ url: o.engineUrl, auth: o.engineAuth, timeoutMs: 15_000 });
  }

  private now(): Date {
    return (this.o.clock ?? (() => new Date()))();
  }

  /** One pull of the queue; how many dossiers were acknowledged. */
  async pullOnce(): Promise<number> {
    const answer = await this.o.client.pullInbound();
    if (!isSuccess(answer)) throw new Error(`inbound queue: ${describeAnswer(answer)}`);
    const items = Array.isArray(answer.body?.data) ? (answer.body.data as InboundItem[]) : [];
    const seen = new Set<string>();
    let acknowledged = 0;
    for (const item of items) {
      if (typeof item?.MaHoSoQG !== 'string' || seen.has(item.MaHoSoQG)) continue;
      seen.add(item.MaHoSoQG);
      try {
        if (await this.takeIn(item)) acknowledged++;
      } catch (err) {
        this.log.warn({ nationalCode: item.MaHoSoQG, err: String(err) }, 'inbound dossier not taken in yet');
      }
    }
    return acknowledged;
  }

  /** Takes one dossier in (or finishes taking it in); true once the portal was told our code. */
  private async takeIn(item: InboundItem): Promise<boolean> {
    const entry = this.o.catalogue.find((e) => e.code === item.MaTTHC);
    if (!entry) {
      this.log.warn(
        { nationalCode: item.MaHoSoQG, procedureCode: item.MaTTHC },
        'inbound dossier of an unknown procedure',
      );
      return false;
    }
    const now = this.now();
    const { inbound } = await this.inbound.claim(item.MaHoSoQG, randomUUID(), now);
    if (inbound.acknowledgedAt) return this.acknowledge(item.MaHoSoQG, inbound.dossierId);
    const id = inbound.dossierId;
    const data: Record<string, unknown> = { ...(item.DuLieuBieuMau ?? {}) };
    if (item.ChuHoSo && !data.fullName && !data.organizationName) data.fullName = item.ChuHoSo;
    let dossier = await this.dossiers.findById(id);
    if (!dossier) {
      const staged = await this.stageDocuments(entry, item, now);
      const filed = item.NgayNopHoSo ? new Date(item.NgayNopHoSo) : now;
      await this.dossiers.insertStarting({
        id,
        procedureKey: entry.key,
        procedureCode: entry.code,
        applicantId: DVCQG_APPLICANT_ID,
        channel: 2,
        submittedAt: Number.isNaN(filed.getTime()) ? now : filed,
        submittedData: data,
      });
      if (staged.length)
        await this.attachments.bind(id, staged, {
          ownerId: DVCQG_APPLICANT_ID,
          scope: `dvcqg:${item.MaHoSoQG}`,
          replace: false,
          at: now,
        });
      dossier = await this.dossiers.findById(id);
    }
    if (dossier && dossier.engineState !== 'started') {
      const found = await this.engine.processInstances({ businessKey: id });
      const pi =
        found[0]?.id ??
        (
          await this.engine.startByKey(entry.key, id, {
            ...toTypedVariables(data),
            ...toTypedVariables({
              dossierId: id,
              applicantId: DVCQG_APPLICANT_ID,
              procedureCode: entry.code,
              nationalCode: item.MaHoSoQG,
            }),
            channel: typed.integer(2),
          })
        ).id;
      await this.dossiers.markStarted(id, pi, 1);
      this.log.info(
        { nationalCode: item.MaHoSoQG, dossierId: id, processInstanceId: pi },
        'inbound dossier started',
      );
    }
    return this.acknowledge(item.MaHoSoQG, id);
  }

  private async stageDocuments(entry: CatalogueEntry, item: InboundItem, now: Date): Promise<string[]> {
    const slots = entry.metadata.requiredDocuments ?? [];
    const ids: string[] = [];
    for (const [i, d] of (item.TaiLieuNop ?? []).entries()) {
      const content = Buffer.from(d.NoiDungBase64 ?? '', 'base64');
      const mediaType = content.length ? mediaTypeOf(content) : null;
      if (!mediaType) {
        this.log.warn(
          { nationalCode: item.MaHoSoQG, file: d.TenTepDinhKem },
          'inbound document left out: not PDF, PNG or JPEG',
        );
        continue;
      }
      const n = /\.(\d+)$/.exec(d.MaThanhPhanHoSo ?? '');
      const slot = Math.min(Math.max(n ? Number(n[1]) - 1 : i, 0), Math.max(slots.length - 1, 0));
      const staged = await this.attachments.stage({
        ownerId: DVCQG_APPLICANT_ID,
        scope: `dvcqg:${item.MaHoSoQG}`,
        slot,
        documentName: slots[slot]?.nameVi ?? d.TenTepDinhKem ?? 'Tài liệu',
        source: 'applicant',
        content,
        mediaType,
        originalName: d.TenTepDinhKem?.slice(0, 255) ?? null,
        expiresAt: new Date(now.getTime() + 3600_000),
      });
      ids.push(staged.id);
    }
    return ids;
  }

  /** Tells the portal our code once the receipt step gave it; false while it has not. */
  private async acknowledge(nationalCode: string, dossierId: string): Promise<boolean> {
    const code = (await readDvcqgDossierSnapshot(this.o.ds, dossierId))?.dossierCode;
    if (!code) return false;
    const answer = await this.o.client.acknowledgeInbound(nationalCode, code);
    if (!isSuccess(answer)) throw new Error(`acknowledgement: ${describeAnswer(answer)}`);
    await this.inbound.markAcknowledged(nationalCode, this.now());
    return true;
  }

  start(): void {
    const pollMs = this.o.pollMs ?? 5_000;
    const tick = () => {
      this.running = this.pullOnce()
        .catch((err: unknown) => this.log.warn({ err: String(err) }, 'inbound queue pull failed; retrying'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, pollMs);
        });
    };
    tick();
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
