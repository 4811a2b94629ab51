import { describe, expect, it } from '@jest/globals';
import type { FormSchema } from '@motcua/forms';
import { missingReasons } from './decision-reasons.js';

const approveForm: FormSchema = {
  type: 'default',
  components: [
    { type: 'radio', key: 'approved', label: 'Quyết định', values: [] },
    { type: 'textarea', key: 'decisionNote', label: 'Ý kiến của lãnh đạo' },
  ],
} as unknown as FormSchema;

describe('reasons of negative decisions', () => {
  it('a refusal needs a reason of at least 10 characters, under the form’s label', () => {
    for (const decisionNote of [undefined, '', '   ', 'không đạt'])
      expect(
        missingReasons('UserTask_ApproveDossier', { approved: false, decisionNote }, approveForm),
      ).toEqual([
        {
          field: 'decisionNote',
          label: 'Ý kiến của lãnh đạo',
          message: expect.stringContaining('Vui lòng nêu rõ lý do không phê duyệt') as unknown as string,
        },
      ]);
    expect(
      missingReasons(
        'UserTask_ApproveDossier',
        { approved: false, decisionNote: 'Chưa đủ 03 năm kinh nghiệm' },
        approveForm,
      ),
    ).toEqual([]);
  });

  it('an approval, another task or a form without the field needs none', () => {
    expect(missingReasons('UserTask_ApproveDossier', { approved: true }, approveForm)).toEqual([]);
    expect(missingReasons('UserTask_Other', { approved: false }, approveForm)).toEqual([]);
    const bare = { type: 'default', components: [] } as unknown as FormSchema;
    expect(missingReasons('UserTask_ApproveDossier', { approved: false }, bare)).toEqual([]);
  });

  it('the desk’s “incomplete” and the appraiser’s “refuse” need theirs', () => {
    const check = {
      components: [{ type: 'textarea', key: 'completenessNote', label: 'Ghi chú' }],
    } as unknown as FormSchema;
    expect(missingReasons('UserTask_CheckCompleteness', { complete: false }, check)[0]?.field).toBe(
      'completenessNote',
    );
    expect(missingReasons('UserTask_CheckCompleteness', { complete: true }, check)).toEqual([]);
    const appraise = {
      components: [{ type: 'textarea', key: 'appraisalNote', label: 'Ý kiến' }],
    } as unknown as FormSchema;
    expect(
      missingReasons(
        'UserTask_AppraiseDossier',
        { recommendation: 'refuse', appraisalNote: 'ngắn' },
        appraise,
      ),
    ).toHaveLength(1);
  });
});
