import { ForbiddenError, NotFoundError } from '@motcua/domain';
import type { AuditStore, DossierLifeStore, PortalUser, PortalUserStore } from '@motcua/db/portal';
import { validateSubmission, type FormSchema } from '@motcua/forms';
import type { Catalogue, CatalogueEntry } from '../catalogue/catalogue.js';
import { CHANNEL_IN_PERSON, CHANNEL_POST, channelLabelVi } from '../dossiers/channel.js';
import {
  SubmissionInvalidError,
  type DossierService,
  type SubmitResult,
} from '../dossiers/dossier-service.js';
import { mayAct } from '../officer/procedure-groups.js';

/**
 * The dossier has no portal account behind it (received from someone who has none): nobody signs
 * in to it, it is followed by its code at /tra-cuu. No account id is ever the empty string.
 */
export const NO_ACCOUNT = '';

/** What the officer says about the receipt, besides the applicant's form. */
export interface DeskIntakeMeta {
  channel: 1 | 3;
  /** The applicant's portal username, or '' for none. */
  applicant: string;
}

const CHANNEL_NAME: Record<1 | 3, 'in-person' | 'post'> = { 1: 'in-person', 3: 'post' };

/** Reads the officer's choices; malformed → field errors in the form's own shape (400). */
export function parseDeskMeta(raw: unknown): DeskIntakeMeta {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const channel = Number(o.channel);
  const applicant = typeof o.applicant === 'string' ? o.applicant.trim() : '';
  const errors = [];
  if (channel !== CHANNEL_IN_PERSON && channel !== CHANNEL_POST)
    errors.push({
      field: 'channel',
      label: 'Kênh tiếp nhận',
      message: 'Vui lòng chọn kênh tiếp nhận: trực tiếp hoặc bưu chính công ích.',
    });
  if (applicant.length > 100 || (applicant && !/^[A-Za-z0-9._@-]+$/.test(applicant)))
    errors.push({
      field: 'applicant',
      label: 'Tài khoản người nộp',
      message: 'Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các ký tự . _ - @ (tối đa 100 ký tự).',
    });
  if (errors.length) throw new SubmissionInvalidError(errors);
  return { channel: channel as 1 | 3, applicant };
}

export interface DeskIntakeDeps {
  catalogue: Catalogue;
  users: PortalUserStore;
  audit: AuditStore;
  life: DossierLifeStore;
  dossiers: DossierService;
  clock?: () => Date;
}

/**
 * Dossiers received at the one-stop desk, in person (channel 1) or by public post (channel 3):
 * the desk officer of the procedure (the completeness check's group) fills the applicant's form
 * on their behalf. The same validation, the same process and variables as online, plus `channel`
 * and `receivedBy`; a history entry says how it came in, and the audit names the officer.
 */
export class DeskIntakeService {
  constructor(private readonly deps: DeskIntakeDeps) {}

  /** The procedures the officer may receive dossiers of (an applicant form, a desk channel). */
  proceduresFor(user: PortalUser): CatalogueEntry[] {
    return this.deps.catalogue.entries.filter(
      (e) =>
        this.deps.catalogue.startForm(e) &&
        mayAct(user.groups, e, 'receive-at-desk') &&
        this.channelsOf(e).length > 0,
    );
  }

  /**
   * The procedure, if the user is its desk officer. No step in it → the 404 of a missing one (no
   * oracle); a step but not the desk → 403. Both audited.
   */
  async authorize(user: PortalUser, key: string, ip: string | null): Promise<CatalogueEntry> {
    const entry = this.deps.catalogue.get(key);
    const denied = (reason: string) =>
      this.deps.audit.append({
        actor: user.id,
        action: 'access.denied',
        target: `procedure:${key.slice(0, 200)}`,
        detail: { action: 'receive-at-desk', reason },
        ip,
      });
    if (!entry || !this.deps.catalogue.startForm(entry) || !mayAct(user.groups, entry, 'view')) {
      if (entry) await denied('no-step-in-procedure');
      throw new NotFoundError('No such procedure');
    }
    if (!mayAct(user.groups, entry, 'receive-at-desk')) {
      await denied('not-the-desk-group');
      throw new ForbiddenError('Chỉ bộ phận tiếp nhận của thủ tục này được tiếp nhận hồ sơ.');
    }
    return entry;
  }

  /**
   * The procedure's applicant form as deployed with its latest version — the very form online
   * applicants fill and the server validates (`DossierService.startFormFor()`).
   */
  async startForm(entry: CatalogueEntry): Promise<FormSchema> {
    return (await this.deps.dossiers.startFormFor(entry)).schema;
  }

  /** The channels the procedure accepts at the desk; a procedure whose channels are not known yet takes both. */
  channelsOf(entry: CatalogueEntry): Array<1 | 3> {
    const stated = entry.metadata?.channels ?? [];
    if (stated.length === 0) return [CHANNEL_IN_PERSON, CHANNEL_POST];
    return ([CHANNEL_IN_PERSON, CHANNEL_POST] as const).filter((c) => stated.includes(CHANNEL_NAME[c]));
  }

  async receive(
    officer: PortalUser,
    entry: CatalogueEntry,
    rawMeta: unknown,
    data: unknown,
    ip: string | null,
    /** The scans uploaded on the page: slot → staged upload ids. */
    documents?: unknown,
  ): Promise<SubmitResult> {
    const { users, audit, life, dossiers } = this.deps;
    let meta: DeskIntakeMeta;
    try {
      meta = parseDeskMeta(rawMeta);
    } catch (err) {
      // Report the form's own errors with the desk's, so one round fixes everything.
      const schema = await this.startForm(entry).catch(() => null);
      const form = schema ? validateSubmission(schema, data) : null;
      if (err instanceof SubmissionInvalidError && form && !form.valid)
        throw new SubmissionInvalidError([...err.fieldErrors, ...form.errors]);
      throw err;
    }
    if (!this.channelsOf(entry).includes(meta.channel))
      throw new SubmissionInvalidError([
        {
          field: 'channel',
          label: 'Kênh tiếp nhận',
          message: `Thủ tục này không tiếp nhận hồ sơ qua kênh ${channelLabelVi(meta.channel).toLowerCase()}.`,
        },
      ]);
    let applicantId = NO_ACCOUNT;
    if (meta.applicant) {
      const account = await users.findByUsername(meta.applicant);
      // Only an active applicant account: a dossier is never attached to a staff account.
      if (!account || !account.active || account.role !== 'applicant')
        throw new SubmissionInvalidError([
          {
            field: 'applicant',
            label: 'Tài khoản người nộp',
            message:
              'Không tìm thấy tài khoản công dân có tên đăng nhập này. Để trống nếu người nộp chưa có tài khoản.',
          },
        ]);
      applicantId = account.id;
    }
    // Scans are optional at the desk: the officer holds the paper dossier and checks it next.
    const result = await dossiers.submit(
      entry,
      applicantId,
      data,
      ip,
      { channel: meta.channel, receivedBy: officer.id },
      { selection: documents, requireMandatory: false },
    );
    const { dossier } = result;
    const how =
      meta.channel === CHANNEL_IN_PERSON ? 'trực tiếp tại Bộ phận một cửa' : 'qua bưu chính công ích';
    const at = (this.deps.clock ?? (() => new Date()))();
    await life.appendHistory({
      eventKey: `desk-received:${dossier.id}`,
      dossierId: dossier.id,
      processInstanceId: dossier.processInstanceId,
      statusCode: null,
      kind: 'desk-received',
      textVi: `Hồ sơ được tiếp nhận ${how} (kênh: ${channelLabelVi(meta.channel)}), cán bộ tiếp nhận: ${officer.displayName}.`,
      actor: officer.id,
      detail: { channel: meta.channel },
      at,
    });
    await audit.append({
      actor: officer.id,
      action: 'dossier.desk-received',
      target: dossier.id,
      detail: {
        procedure: entry.key,
        channel: meta.channel,
        applicantAccount: applicantId === NO_ACCOUNT ? null : applicantId,
      },
      ip,
    });
    return result;
  }
}
