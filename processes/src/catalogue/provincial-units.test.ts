import { describe, expect, it } from '@jest/globals';
import { parseFormSchema, validateSubmission } from '@motcua/forms';
import { generateProcedure } from '../generator/generate-procedure.js';
import { loadProcedureDescriptions } from './load-descriptions.js';
import { loadProvincialUnits, provincialUnitOf } from './provincial-units.js';

const descriptions = new Map(loadProcedureDescriptions().map((e) => [e.description.id, e.description]));
const applicationOf = (id: string) =>
  parseFormSchema(JSON.parse(generateProcedure(descriptions.get(id)!).files['application.form']!));
const applicant = {
  fullName: 'Trần Thị Bình',
  citizenId: '001190012345',
  address: 'Số 1 Tràng Tiền, Hà Nội',
  phone: '0912345678',
  email: 'binh.tran@example.vn',
};

describe('provincial procedures: modelled once, the department a parameter', () => {
  const units = loadProvincialUnits();

  it('lists the departments with their province code and the page it comes from', () => {
    expect(units.map((u) => u.code)).toEqual(['H17', 'H34', 'H35', 'H38', 'H58']);
    for (const u of units) {
      expect(u.codeIsOfficial).toBe(false);
      expect(u.source.what).toContain(u.code);
    }
  });

  it('asks which department receives the dossier on a provincial form, and only there', () => {
    const provincial = applicationOf('2.002131');
    const select = provincial.components.find((c) => c.key === 'unitCode')!;
    expect(select.type).toBe('select');
    expect((select.values as { value: string }[]).map((v) => v.value)).toEqual(units.map((u) => u.code));
    expect(validateSubmission(provincial, { ...applicant, unitCode: 'H38' }).valid).toBe(true);
    expect(validateSubmission(provincial, { ...applicant, unitCode: 'H58' }).valid).toBe(true);
    expect(validateSubmission(provincial, { ...applicant, unitCode: 'H99' }).valid).toBe(false);
    const central = applicationOf('1.009829');
    expect(central.components.some((c) => c.key === 'unitCode')).toBe(false);
  });

  it('gives a provincial dossier its department, never a central one', () => {
    expect(provincialUnitOf(descriptions.get('2.002131')!, 'H38')?.nameVi).toBe(
      'Sở Khoa học và Công nghệ tỉnh Lào Cai',
    );
    expect(provincialUnitOf(descriptions.get('2.002131')!, 'H99')).toBeNull();
    expect(provincialUnitOf(descriptions.get('1.009829')!, 'H38')).toBeNull();
  });
});
