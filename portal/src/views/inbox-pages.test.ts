import { describe, expect, it } from '@jest/globals';
import type { InboxItem } from '../inbox/inbox-service.js';
import { inboxPage, isOverdue } from './inbox-pages.js';

const ctx = { user: null, csrfToken: 'csrf' };
const now = new Date('2026-12-17T10:30:00.000Z'); // 17:30 in Hà Nội, 17/12/2026

function item(id: string, due: string | null, dossierDue: string | null = null): InboxItem {
  return {
    task: {
      id,
      name: `Thẩm định ${id}`,
      assignee: null,
      created: '2026-12-07T02:00:00.000+0000',
      due,
      processInstanceId: `pi-${id}`,
      processDefinitionId: 'p:1',
      taskDefinitionKey: 'UserTask_AppraiseDossier',
    },
    dossier: dossierDue
      ? ({ id: `d-${id}`, dossierCode: `G13-${id}`, dueDate: dossierDue } as unknown as InboxItem['dossier'])
      : null,
    procedure: null,
    assigneeName: null,
  };
}

describe('inbox page', () => {
  it('a task is late once its due moment has passed', () => {
    expect(isOverdue('2026-12-17T10:00:00.000+0000', now)).toBe(true);
    expect(isOverdue('2026-12-17T11:00:00.000+0000', now)).toBe(false);
    expect(isOverdue(null, now)).toBe(false);
  });

  it('shows due dates as dd/mm/yyyy and marks the late ones', () => {
    const page = inboxPage(
      ctx,
      'u-1',
      [
        item('late', '2026-12-17T10:00:00.000+0000'),
        item('on-time', '2026-12-24T10:00:00.000+0000'),
        // The dossier's clock wins over the task's own due: due tomorrow → near.
        item('clock', null, '2026-12-18'),
        item('clock-late', '2026-12-30T10:00:00.000+0000', '2026-12-16'),
      ],
      undefined,
      [],
      now,
    ).toString();
    const rows = page.split('<tr').slice(2);
    expect(rows[0]).toContain('row-late');
    expect(rows[0]).toContain('17/12/2026');
    expect(rows[0]).toContain('Quá hạn');
    expect(rows[1]).not.toContain('row-late');
    expect(rows[1]).toContain('24/12/2026');
    expect(rows[1]).not.toContain('Quá hạn');
    expect(rows[1]).not.toContain('Sắp đến hạn');
    expect(rows[2]).toContain('18/12/2026');
    expect(rows[2]).toContain('Sắp đến hạn');
    expect(rows[2]).toContain('href="/can-bo/ho-so/d-clock"');
    expect(rows[3]).toContain('16/12/2026');
    expect(rows[3]).toContain('Quá hạn');
    expect(rows[3]).not.toContain('30/12/2026');
  });

  it('gives a task back to the group with a label that cannot be read as returning the dossier', () => {
    const mine = item('mine', null);
    mine.task.assignee = 'u-1';
    const page = inboxPage(ctx, 'u-1', [mine], undefined, [], now).toString();
    expect(page).toContain('Bỏ nhận việc (trả về nhóm)');
    expect(page).not.toMatch(/>\s*Trả lại\s*</);
  });

  it('lists the reminders sent to the user’s groups, escaped', () => {
    const page = inboxPage(ctx, 'u-1', [], undefined, [
      {
        id: 1,
        eventKey: 'escalate:pi',
        recipientGroup: 'lanh-dao',
        dossierId: 'd',
        processInstanceId: 'pi',
        dossierCode: 'G13-261207-00001',
        kind: 'deadline-approaching',
        textVi: 'Hồ sơ <G13-261207-00001> sắp đến hạn',
        dueDate: '2026-12-17',
        createdAt: now,
      },
    ]).toString();
    expect(page).toContain('Nhắc hạn xử lý hồ sơ');
    expect(page).toContain('Hồ sơ &lt;G13-261207-00001&gt; sắp đến hạn');
    expect(page).toContain('(hạn 17/12/2026)');
  });
});
