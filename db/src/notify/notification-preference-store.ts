import type { DataSource } from 'typeorm';
import { PortalUserEntity, PortalUserGroupEntity } from '../portal/portal-user.entity.js';
import type { NotificationChoice } from './notifiable-kinds.js';
import { NotificationPreferenceEntity } from './notification.entities.js';

export interface NotificationPreference {
  userId: string;
  email: string | null;
  phone: string | null;
  channels: NotificationChoice;
  updatedAt: Date;
}

function toPreference(e: NotificationPreferenceEntity): NotificationPreference {
  return { ...e, channels: e.channels as NotificationChoice, updatedAt: new Date(e.updatedAt) };
}

/** The users' notification choices (the profile page writes them; the outbox reads them). */
export class NotificationPreferenceStore {
  constructor(private readonly ds: DataSource) {}

  async find(userId: string): Promise<NotificationPreference | null> {
    const e = await this.ds.getRepository(NotificationPreferenceEntity).findOneBy({ userId });
    return e ? toPreference(e) : null;
  }

  /** The choices of several users (officers' reminders); those without one are absent. */
  async findMany(userIds: string[]): Promise<Map<string, NotificationPreference>> {
    if (!userIds.length) return new Map();
    const rows = await this.ds
      .getRepository(NotificationPreferenceEntity)
      .createQueryBuilder('p')
      .where('p.userId IN (:...ids)', { ids: userIds })
      .getMany();
    return new Map(rows.map((r) => [r.userId, toPreference(r)]));
  }

  async save(p: NotificationPreference): Promise<void> {
    await this.ds
      .getRepository(NotificationPreferenceEntity)
      .upsert(
        { userId: p.userId, email: p.email, phone: p.phone, channels: p.channels, updatedAt: p.updatedAt },
        ['userId'],
      );
  }

  /** The active users of the candidate groups (the officers a group task concerns). */
  async activeMembersOf(groupIds: string[]): Promise<string[]> {
    if (!groupIds.length) return [];
    const rows = await this.ds
      .getRepository(PortalUserGroupEntity)
      .createQueryBuilder('g')
      .innerJoin(PortalUserEntity, 'u', 'u.id = g.userId AND u.active = :active', { active: true })
      .where('g.groupId IN (:...groupIds)', { groupIds })
      .select('DISTINCT g.userId', 'userId')
      .getRawMany<{ userId: string }>();
    return rows.map((r) => r.userId);
  }
}
