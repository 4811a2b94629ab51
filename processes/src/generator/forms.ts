import { FORM_JS_SCHEMA_VERSION, type FormComponent, type FormSchema } from '@motcua/forms';
import { agencyNameVi } from '../catalogue/placeholder-filter.js';
import {
  isProvincialProcedure,
  loadProvincialUnits,
  UNIT_CODE_VARIABLE,
} from '../catalogue/provincial-units.js';
import type { ProcedureDescription } from '../catalogue/procedure-description.js';
import { formIdOf, optionalStepVariable } from './dossier-life-blocks.js';
import { pascalCase } from './process-graph.js';
import { feeTiers } from './fee-dmn.js';

/**
 * form-js forms (1.23, schemaVersion 19) of a generated process: the application form from the
 * declared fields and one decision form per officer step. Keys are the process variables the
 * gateways read, so a form and its process cannot drift apart.
 */
type Field = ProcedureDescription['applicationForm']['fields'][number];
type Step = ProcedureDescription['steps'][number];

const EXPORTER = { name: 'motcua generator', version: '0.1.0' };

function form(id: string, components: FormComponent[]): FormSchema {
  return { type: 'default', id, schemaVersion: FORM_JS_SCHEMA_VERSION, exporter: EXPORTER, components };
}

const heading = (text: string): FormComponent => ({ type: 'text', id: 'Text_Heading', text });

function fieldComponent(f: Field): FormComponent {
  const id = `Field_${pascalCase(f.key)}`;
  const base = { id, key: f.key, label: f.labelVi };
  const validate: FormComponent['validate'] = { required: f.required };
  if (f.pattern) validate.pattern = f.pattern;
  switch (f.type) {
    case 'text':
      return { ...base, type: 'textfield', validate: { ...validate, maxLength: 500 } };
    case 'textarea':
      return { ...base, type: 'textarea', validate: { ...validate, maxLength: 4000 } };
    case 'number':
      return { ...base, type: 'number', validate };
    case 'date':
      return { ...base, type: 'datetime', subtype: 'date', dateLabel: f.labelVi, validate };
    case 'email':
      return { ...base, type: 'textfield', validate: { ...validate, validationType: 'email' } };
    case 'phone':
      return { ...base, type: 'textfield', validate: { ...validate, validationType: 'phone' } };
    case 'checkbox':
      return { ...base, type: 'checkbox', validate };
    case 'select':
      return {
        ...base,
        type: 'select',
        values: (f.options ?? []).map((o) => ({ label: o.labelVi, value: o.value })),
        validate,
      };
  }
}

function documentsText(d: ProcedureDescription): string {
  if (d.requiredDocuments.length === 0) return '';
  const lines = d.requiredDocuments.map(
    (doc) =>
      `- ${doc.nameVi}${doc.mandatory === false ? ' (nếu có)' : ''}${doc.copies ? ` — ${doc.copies} bản` : ''}`,
  );
  return `\n\n**Thành phần hồ sơ:**\n\n${lines.join('\n')}`;
}

/**
 * A provincial procedure is modelled once for every province: the applicant chooses the
 * department that receives the dossier, and the receipt gives the dossier that department's code.
 */
function provincialUnitField(): FormComponent {
  // Only the listed departments: the receipt ignores any other value.
  return {
    type: 'select',
    id: 'Field_UnitCode',
    key: UNIT_CODE_VARIABLE,
    label: 'Sở Khoa học và Công nghệ tiếp nhận hồ sơ',
    values: loadProvincialUnits().map((u) => ({ label: u.nameVi, value: u.code })),
    // Not required yet: a dossier without a choice keeps the catalogue unit's code, as before.
    validate: { required: false },
  };
}

export function applicationForm(key: string, d: ProcedureDescription): FormSchema {
  const provincial = isProvincialProcedure(d);
  const agency = provincial
    ? 'Sở Khoa học và Công nghệ của tỉnh, thành phố nơi nộp hồ sơ (chọn dưới đây)'
    : agencyNameVi(d.unit.nameVi);
  return form(formIdOf(key, 'application'), [
    heading(`### ${d.name.vi}\n\nCơ quan giải quyết: ${agency}.${documentsText(d)}`),
    ...(provincial ? [provincialUnitField()] : []),
    ...d.applicationForm.fields.map(fieldComponent),
  ]);
}

/**
 * The applicant's supplement (after form 02): what was added or corrected, and the application
 * fields again so they can be corrected. The portal sends the values with the
 * `DossierSupplemented` message (`processVariables`).
 */
export function supplementForm(key: string, d: ProcedureDescription): FormSchema {
  return form(formIdOf(key, 'supplement'), [
    heading(`### Bổ sung, hoàn thiện hồ sơ\n\n${d.name.vi}${documentsText(d)}`),
    note('supplementNote', 'Nội dung đã bổ sung, sửa đổi', true),
    // The application's fields again, to correct what the desk asked for: none is required here.
    ...d.applicationForm.fields.map((f) => fieldComponent({ ...f, required: false })),
  ]);
}

const note = (key: string, label: string, required = false): FormComponent => ({
  type: 'textarea',
  id: `Field_${pascalCase(key)}`,
  key,
  label,
  validate: { required, maxLength: 4000 },
});

/** Completeness check: complete / supplement (form 02) / refuse (form 03); the fee tier when fees are tiered. */
export function checkCompletenessForm(key: string, d: ProcedureDescription, step: Step): FormSchema {
  const check = d.processingTime?.completenessCheck;
  const components: FormComponent[] = [
    heading(
      `### ${step.nameVi}${check ? `\n\nThời hạn kiểm tra: ${check.amount} ${check.unit === 'working-days' ? 'ngày làm việc' : 'ngày'} kể từ ngày tiếp nhận.` : ''}`,
    ),
    {
      type: 'radio',
      id: 'Field_Complete',
      key: 'complete',
      label: 'Kết quả kiểm tra',
      values: [
        { label: 'Hồ sơ đầy đủ, hợp lệ — chuyển thẩm định', value: true },
        { label: 'Hồ sơ chưa đầy đủ, hợp lệ', value: false },
      ],
      validate: { required: true },
    },
    {
      type: 'checkbox',
      id: 'Field_RequestSupplement',
      key: 'requestSupplement',
      label:
        'Yêu cầu tổ chức, cá nhân bổ sung, hoàn thiện hồ sơ (Mẫu 02); bỏ chọn để từ chối tiếp nhận (Mẫu 03)',
      conditional: { hide: '=complete != false' },
    },
    note('completenessNote', 'Thành phần còn thiếu hoặc chưa hợp lệ, lý do từ chối (nếu có)'),
  ];
  const tiers = feeTiers(d);
  if (tiers)
    components.push({
      type: 'select',
      id: 'Field_FeeTier',
      key: 'feeTier',
      label: 'Mức phí, lệ phí áp dụng',
      values: tiers.map((t) => ({ label: t.labelVi, value: t.value })),
      validate: { required: true },
      conditional: { hide: '=complete != true' },
    });
  return form(formIdOf(key, 'check-completeness'), components);
}

export function appraiseForm(key: string, step: Step, optionalSteps: Step[]): FormSchema {
  return form(formIdOf(key, 'appraise-dossier'), [
    heading(`### ${step.nameVi}`),
    ...optionalSteps.map((s): FormComponent => ({
      type: 'checkbox',
      id: `Field_${pascalCase(optionalStepVariable(s))}`,
      key: optionalStepVariable(s),
      label: `Cần ${s.nameVi.charAt(0).toLowerCase()}${s.nameVi.slice(1)}`,
    })),
    {
      type: 'radio',
      id: 'Field_Recommendation',
      key: 'recommendation',
      label: 'Đề xuất',
      values: [
        { label: 'Đề nghị cấp / chấp thuận', value: 'approve' },
        { label: 'Đề nghị từ chối', value: 'refuse' },
      ],
      validate: { required: true },
    },
    note('appraisalNote', 'Ý kiến thẩm định'),
  ]);
}

/** Expert council, site inspection, consultation: the outcome in writing. */
export function extraStepForm(key: string, step: Step): FormSchema {
  const noteKey = `${step.kind.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Note`;
  return form(formIdOf(key, step.kind), [
    heading(
      `### ${step.nameVi}${step.consultedAgencyVi ? `\n\nCơ quan được lấy ý kiến: ${step.consultedAgencyVi}.` : ''}`,
    ),
    note(noteKey, 'Kết quả, ý kiến', true),
  ]);
}

export function approveForm(key: string, step: Step): FormSchema {
  return form(formIdOf(key, 'approve-dossier'), [
    heading(`### ${step.nameVi}`),
    {
      type: 'radio',
      id: 'Field_Approved',
      key: 'approved',
      label: 'Quyết định',
      values: [
        { label: 'Phê duyệt', value: true },
        { label: 'Không phê duyệt (trả văn bản từ chối, nêu rõ lý do)', value: false },
      ],
      validate: { required: true },
    },
    {
      type: 'checkbox',
      id: 'Field_StopProcessing',
      key: 'stopProcessing',
      label: 'Dừng giải quyết hồ sơ (Mẫu 05) thay vì từ chối; nêu rõ lý do trong ý kiến',
      conditional: { hide: '=approved != false' },
    },
    note('decisionNote', 'Ý kiến của lãnh đạo, lý do từ chối hoặc dừng giải quyết'),
  ]);
}
