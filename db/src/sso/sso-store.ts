import { LessThan, type DataSource } from 'typeorm';
import {
  OidcLoginAttemptEntity,
  PortalSessionOidcEntity,
  PortalUserCitizenIdEntity,
} from './sso.entities.js';

export interface OidcLoginAttempt {
  stateHash: string;
  provider: string;
  nonce: string;
  codeVerifier: string;
  nextPath: string;
  createdAt: Date;
}

export interface SessionOidcLink {
  tokenHash: string;
  provider: string;
  idToken: string;
}

/** Thrown by `linkCitizenId` when the citizen ID already belongs to another account. */
export class CitizenIdTakenError extends Error {
  constructor(readonly citizenId: string) {
    super('citizen ID already linked to another account');
    this.name = 'CitizenIdTakenError';
  }
}

/** What single sign-on keeps: citizen IDs of accounts, pending sign-ins, sessions' ID tokens. */
export class SsoStore {
  constructor(private readonly ds: DataSource) {}

  /** The account id linked to a citizen ID, or null. */
  async userIdByCitizenId(citizenId: string): Promise<string | null> {
    const row = await this.ds.getRepository(PortalUserCitizenIdEntity).findOneBy({ citizenId });
    return row?.userId ?? null;
  }

  async citizenIdOf(userId: string): Promise<string | null> {
    const row = await this.ds.getRepository(PortalUserCitizenIdEntity).findOneBy({ userId });
    return row?.citizenId ?? null;
  }

  /** Links (or re-links) an account to a citizen ID; refuses one that another account holds. */
  async linkCitizenId(userId: string, citizenId: string, at: Date = new Date()): Promise<void> {
    await this.ds.transaction(async (m) => {
      const repo = m.getRepository(PortalUserCitizenIdEntity);
      const holder = await repo.findOneBy({ citizenId });
      if (holder && holder.userId !== userId) throw new CitizenIdTakenError(citizenId);
      if (holder) return;
      await repo.delete({ userId });
      await repo.insert({ userId, citizenId, linkedAt: at });
    });
  }

  async saveAttempt(a: OidcLoginAttempt): Promise<void> {
    await this.ds.getRepository(OidcLoginAttemptEntity).insert(a);
  }

  /**
   * Takes the pending sign-in of a state out of the table: returns it once, to whoever deletes it
   * first; null when there is none (never started, already used, or purged).
   */
  async takeAttempt(stateHash: string): Promise<OidcLoginAttempt | null> {
    const repo = this.ds.getRepository(OidcLoginAttemptEntity);
    const row = await repo.findOneBy({ stateHash });
    if (!row) return null;
    const { affected } = await repo.delete({ stateHash });
    // SQLite and MySQL both report affected rows; a concurrent taker that lost gets 0.
    return affected === 0 ? null : { ...row };
  }

  async purgeAttempts(createdBefore: Date): Promise<void> {
    await this.ds.getRepository(OidcLoginAttemptEntity).delete({ createdAt: LessThan(createdBefore) });
  }

  async linkSession(link: SessionOidcLink, at: Date = new Date()): Promise<void> {
    await this.ds.getRepository(PortalSessionOidcEntity).insert({ ...link, createdAt: at });
  }

  async sessionLink(tokenHash: string): Promise<SessionOidcLink | null> {
    const row = await this.ds.getRepository(PortalSessionOidcEntity).findOneBy({ tokenHash });
    return row ? { tokenHash: row.tokenHash, provider: row.provider, idToken: row.idToken } : null;
  }

  async unlinkSession(tokenHash: string): Promise<void> {
    await this.ds.getRepository(PortalSessionOidcEntity).delete({ tokenHash });
  }

  /** Drops the ID tokens of sessions created before `createdBefore` (past the absolute timeout). */
  async purgeSessionLinks(createdBefore: Date): Promise<void> {
    await this.ds.getRepository(PortalSessionOidcEntity).delete({ createdAt: LessThan(createdBefore) });
  }
}
