import { describe, expect, it } from '@jest/globals';
import { Catalogue, type CatalogueEntry } from '../catalogue/catalogue.js';
import { SubmissionInvalidError } from '../dossiers/dossier-service.js';
import { DeskIntakeService, parseDeskMeta, type DeskIntakeDeps } from './desk-intake.service.js';

const bpmn = `<bpmn:userTask id="UserTask_CheckCompleteness" camunda:candidateGroups="mot-cua" />
  <bpmn:userTask id="UserTask_ApproveDossier" camunda:candidateGroups="lanh-dao"/>`;
const entry = (channels: string[] | undefined) =>
  ({
    key: 'p',
    bpmnXml: bpmn,
    forms: { f: { id: 'f' } },
    startFormId: 'f',
    ...(channels ? { metadata: { channels } } : {}),
  }) as unknown as CatalogueEntry;
const service = (entries: CatalogueEntry[]) =>
  new DeskIntakeService({ catalogue: new Catalogue(entries) } as unknown as DeskIntakeDeps);
const errorsOf = (raw: unknown) => {
  try {
    parseDeskMeta(raw);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(SubmissionInvalidError);
    return (err as SubmissionInvalidError).fieldErrors.map((e) => e.field);
  }
};

describe('desk intake rules', () => {
  it('takes channel 1 or 3 (string or number) and an optional username', () => {
    expect(parseDeskMeta({ channel: '1', applicant: ' congdan ' })).toEqual({
      channel: 1,
      applicant: 'congdan',
    });
    expect(parseDeskMeta({ channel: 3 })).toEqual({ channel: 3, applicant: '' });
  });

  it('refuses the online channel, a missing one, and a malformed username', () => {
    expect(errorsOf({ channel: '2' })).toEqual(['channel']);
    expect(errorsOf(undefined)).toEqual(['channel']);
    expect(errorsOf({ channel: '1', applicant: 'có dấu' })).toEqual(['applicant']);
    expect(errorsOf({ channel: '1', applicant: 'a'.repeat(101) })).toEqual(['applicant']);
  });

  it('offers the channels the catalogue states, both when it does not know them', () => {
    const s = service([]);
    expect(s.channelsOf(entry(['online', 'post']))).toEqual([3]);
    expect(s.channelsOf(entry(['in-person', 'online', 'post']))).toEqual([1, 3]);
    expect(s.channelsOf(entry(['online']))).toEqual([]);
    expect(s.channelsOf(entry([]))).toEqual([1, 3]);
    expect(s.channelsOf(entry(undefined))).toEqual([1, 3]);
  });

  it('lists a procedure only for its desk group', () => {
    const s = service([entry([]), { ...entry(['online']), key: 'online-only' }]);
    const user = (groups: string[]) => ({ groups }) as Parameters<DeskIntakeService['proceduresFor']>[0];
    expect(s.proceduresFor(user(['mot-cua'])).map((e) => e.key)).toEqual(['p']);
    expect(s.proceduresFor(user(['lanh-dao']))).toEqual([]);
  });
});
