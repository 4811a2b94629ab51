import { randomBytes, randomUUID } from 'node:crypto';

/**
 * The national portal emulator's memory: tokens it issued, the dossiers it received (with every
 * status and progress entry, in arrival order), the raw request log (duplicates included), the
 * inbound queue of dossiers "filed on the national portal", and the fault switches tests flip.
 * In memory only: an emulator restart forgets everything, as a fresh test portal would.
 */

/** Answer codes of the emulator (`error_code`). No official list is public; these are ours. */
export const DVCQG_CODES = {
  ok: '0',
  invalidToken: '01',
  invalidData: '02',
  alreadyExists: '03',
  notFound: '04',
  systemError: '99',
} as const;

export const DVCQG_MESSAGES: Record<string, string> = {
  '0': 'Thành công',
  '01': 'Mã truy cập không hợp lệ hoặc đã hết hạn',
  '02': 'Dữ liệu không hợp lệ',
  '03': 'Hồ sơ đã tồn tại',
  '04': 'Hồ sơ không tồn tại',
  '99': 'Lỗi hệ thống',
};

/** A status the emulator recorded for a dossier (one per distinct sync event). */
export interface ReceivedStatus {
  eventKey: string;
  statusCode: number;
  receivedAt: Date;
}

export interface ReceivedProgress {
  eventKey: string;
  actor: string;
  content: string;
  statusCode: number | null;
  at: string;
  receivedAt: Date;
}

export interface ReceivedDossier {
  code: string;
  /** The last DongBoHoSoMC item received (all fields as sent). */
  latest: Record<string, unknown>;
  statuses: ReceivedStatus[];
  progress: ReceivedProgress[];
  /** Repeats of an event already recorded (answered "0", not recorded again). */
  duplicates: number;
}

export interface RequestLogEntry {
  service: string;
  code: string | null;
  eventKey: string | null;
  answer: string;
  at: Date;
}

/** A dossier filed on the national portal, waiting in the inbound queue until acknowledged. */
export interface InboundDossier {
  /** The national portal's own dossier code. */
  nationalCode: string;
  procedureCode: string;
  applicantName: string;
  applicantId: string;
  formData: Record<string, unknown>;
  documents: Array<{ name: string; componentCode: string; mediaType: string; contentBase64: string }>;
  filedAt: Date;
  /** Our dossier code, once we acknowledged it. */
  acknowledgedAs: string | null;
  acknowledgedAt: Date | null;
  deliveries: number;
}

export interface DvcqgFaults {
  /** The next N API calls answer HTTP 500 without doing anything. */
  http500: number;
  /** The next N API calls are processed but answered only after `timeoutMs` (past the client's timeout). */
  timeout: number;
  timeoutMs: number;
  /**
   * The next N sync calls are processed twice (as if the request had arrived twice) and the
   * second answer is returned: a create answers "already exists" although it was recorded.
   * On the inbound queue, the next N pulls list every waiting dossier twice.
   */
  doubleAnswer: number;
  /** The next N API calls hold their answer until N calls are waiting, then answer newest first. */
  outOfOrderAck: number;
}

export const NO_FAULTS: DvcqgFaults = {
  http500: 0,
  timeout: 0,
  timeoutMs: 3_000,
  doubleAnswer: 0,
  outOfOrderAck: 0,
};

export class DvcqgState {
  readonly dossiers = new Map<string, ReceivedDossier>();
  readonly requests: RequestLogEntry[] = [];
  readonly inbound: InboundDossier[] = [];
  private readonly tokens = new Map<string, number>();
  faults: DvcqgFaults = { ...NO_FAULTS };

  constructor(
    readonly client: { id: string; secret: string },
    private readonly tokenTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  issueToken(): { token: string; expiresInS: number } {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, this.now() + this.tokenTtlMs);
    if (this.tokens.size > 1000) {
      for (const [t, exp] of this.tokens) if (exp < this.now()) this.tokens.delete(t);
    }
    return { token, expiresInS: Math.max(1, Math.floor(this.tokenTtlMs / 1000)) };
  }

  tokenValid(token: string): boolean {
    const exp = this.tokens.get(token);
    return exp !== undefined && exp > this.now();
  }

  /** How many tokens were issued and are still remembered (tests check refreshes). */
  get tokensIssued(): number {
    return this.tokens.size;
  }

  log(entry: Omit<RequestLogEntry, 'at'>): void {
    this.requests.push({ ...entry, at: new Date(this.now()) });
    if (this.requests.length > 10_000) this.requests.shift();
  }

  /** DongBoHoSoMC for one item; the answer code. */
  syncDossier(item: Record<string, unknown>, isUpdating: boolean): string {
    const code = typeof item.MaHoSo === 'string' ? item.MaHoSo.trim() : '';
    const status = Number(item.TrangThaiHoSo);
    if (!code || !Number.isInteger(status) || status < 1 || status > 10 || typeof item.MaTTHC !== 'string')
      return DVCQG_CODES.invalidData;
    const existing = this.dossiers.get(code);
    if (!isUpdating && existing) return DVCQG_CODES.alreadyExists;
    if (isUpdating && !existing) return DVCQG_CODES.notFound;
    const d = existing ?? { code, latest: {}, statuses: [], progress: [], duplicates: 0 };
    const eventKey = typeof item.MaSuKien === 'string' ? item.MaSuKien : randomUUID();
    if (d.statuses.some((s) => s.eventKey === eventKey)) {
      d.duplicates++;
      return DVCQG_CODES.ok;
    }
    d.latest = item;
    d.statuses.push({ eventKey, statusCode: status, receivedAt: new Date(this.now()) });
    this.dossiers.set(code, d);
    return DVCQG_CODES.ok;
  }

  /** CapNhatTienDoHoSoMC for one entry; the answer code. */
  addProgress(entry: Record<string, unknown>): string {
    const code = typeof entry.MaHoSo === 'string' ? entry.MaHoSo : '';
    const d = this.dossiers.get(code);
    if (!d) return DVCQG_CODES.notFound;
    const eventKey = typeof entry.MaSuKien === 'string' ? entry.MaSuKien : randomUUID();
    if (d.progress.some((p) => p.eventKey === eventKey)) {
      d.duplicates++;
      return DVCQG_CODES.ok;
    }
    const status = Number(entry.TrangThai);
    d.progress.push({
      eventKey,
      actor: String(entry.NguoiXuLy ?? ''),
      content: String(entry.NoiDungXuLy ?? ''),
      statusCode: Number.isInteger(status) && status >= 1 ? status : null,
      at: String(entry.ThoiDiemXuLy ?? ''),
      receivedAt: new Date(this.now()),
    });
    return DVCQG_CODES.ok;
  }

  /** Files a dossier on the "national portal": it waits in the inbound queue. */
  fileInbound(
    d: Omit<
      InboundDossier,
      'nationalCode' | 'filedAt' | 'acknowledgedAs' | 'acknowledgedAt' | 'deliveries'
    > & {
      nationalCode?: string;
    },
  ): InboundDossier {
    const filed: InboundDossier = {
      ...d,
      nationalCode: d.nationalCode ?? `QG-${randomBytes(5).toString('hex').toUpperCase()}`,
      filedAt: new Date(this.now()),
      acknowledgedAs: null,
      acknowledgedAt: null,
      deliveries: 0,
    };
    this.inbound.push(filed);
    return filed;
  }

  /** The queue: dossiers not acknowledged yet, oldest first. */
  waitingInbound(): InboundDossier[] {
    return this.inbound.filter((d) => d.acknowledgedAs === null);
  }

  /** Acknowledges an inbound dossier; a repeat with the same code is fine, another code is not. */
  acknowledgeInbound(nationalCode: string, ourCode: string): string {
    const d = this.inbound.find((x) => x.nationalCode === nationalCode);
    if (!d) return DVCQG_CODES.notFound;
    if (d.acknowledgedAs !== null)
      return d.acknowledgedAs === ourCode ? DVCQG_CODES.ok : DVCQG_CODES.alreadyExists;
    d.acknowledgedAs = ourCode;
    d.acknowledgedAt = new Date(this.now());
    return DVCQG_CODES.ok;
  }

  reset(): void {
    this.dossiers.clear();
    this.requests.length = 0;
    this.inbound.length = 0;
    this.tokens.clear();
    this.faults = { ...NO_FAULTS };
  }
}
