import { describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import { mkdtempSync, cpSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';
import { listFormFields, validateSubmission } from '@motcua/forms';
import { loadCatalogue, findProcedureByCode } from './load-catalogue.js';
import { CatalogueError } from './catalogue-error.js';
import { TOPICS } from '../topics.js';
import { SKELETON_CONTRACT_ELEMENTS } from '../skeleton-contract.js';

const require = createRequire(import.meta.url);
const camunda = require('camunda-bpmn-moddle/resources/camunda.json');

const KEY = 'most-chung-chi-nhan-vien-buc-xa';
const catalogue = loadCatalogue();
const entry = catalogue.find((e) => e.key === KEY)!;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any;

async function parse(xml: string) {
  const moddle = new BpmnModdle({ camunda });
  return moddle.fromXML(xml);
}

describe('catalogue: procedure 1.009846', () => {
  it('is loaded with its metadata, forms and form references', () => {
    expect(entry).toBeDefined();
    expect(entry.code).toBe('1.009846');
    expect(entry.unitCode).toBe('G13.ATBXHN');
    expect(entry.processingDays).toBe(15);
    expect(entry.metadata.processingTime!.parts.map((p) => [p.amount, p.unit])).toEqual([
      [5, 'working-days'],
      [10, 'working-days'],
    ]);
    expect(entry.metadata.fees).toBeNull();
    expect(entry.metadata.unknown.map((u) => u.fact)).toContain('fees');
    expect(entry.metadata.resultNumberSeries).toBe('CCNV');
    expect(entry.nameEn).toMatch(/radiation worker certificate/);
    expect(entry.startFormId).toBe('most-chung-chi-nhan-vien-buc-xa-application');
    expect(entry.taskForms).toEqual({
      UserTask_CheckCompleteness: 'most-chung-chi-nhan-vien-buc-xa-check-completeness',
      UserTask_AppraiseDossier: 'most-chung-chi-nhan-vien-buc-xa-appraise-dossier',
      UserTask_ApproveDossier: 'most-chung-chi-nhan-vien-buc-xa-approve-dossier',
    });
    // The referenced forms, plus the applicant's supplement form the portal finds by its id.
    expect(Object.keys(entry.forms).sort()).toEqual(
      [...Object.values({ s: entry.startFormId, ...entry.taskForms }), `${KEY}-supplement`].sort(),
    );
    expect(findProcedureByCode(catalogue, '1.009846')).toBe(entry);
  });

  it('parses with bpmn-moddle + camunda-bpmn-moddle without warnings', async () => {
    const { rootElement, warnings } = await parse(entry.bpmnXml);
    expect(warnings).toEqual([]);
    const process = rootElement.rootElements.find((e: El) => e.$type === 'bpmn:Process');
    expect(process.id).toBe(KEY);
    expect(process.isExecutable).toBe(true);
  });

  it('has every contract element with its type, topics, groups and conditions', async () => {
    const { elementsById } = await parse(entry.bpmnXml);
    for (const [id, type] of Object.entries(SKELETON_CONTRACT_ELEMENTS))
      expect([id, elementsById[id]?.$type]).toEqual([id, type]);

    expect(elementsById.ServiceTask_ReceiveDossier.type).toBe('external');
    expect(elementsById.ServiceTask_ReceiveDossier.topic).toBe(TOPICS.receiveDossier);
    expect(elementsById.ServiceTask_ReturnResult.topic).toBe(TOPICS.returnResult);
    expect(elementsById.ServiceTask_ReturnRefusal.topic).toBe(TOPICS.returnResult);

    const boundary = elementsById.BoundaryEvent_DossierRejected;
    expect(boundary.attachedToRef.id).toBe('ServiceTask_ReceiveDossier');
    expect(boundary.eventDefinitions[0].errorRef.errorCode).toBe('DOSSIER_REJECTED');
    expect(boundary.outgoing[0].targetRef.id).toBe('EndEvent_Rejected');

    expect(elementsById.UserTask_CheckCompleteness.candidateGroups).toBe('mot-cua');
    expect(elementsById.UserTask_AppraiseDossier.candidateGroups).toBe('chuyen-vien');
    expect(elementsById.UserTask_ApproveDossier.candidateGroups).toBe('lanh-dao');

    const conditions = (gatewayId: string) =>
      Object.fromEntries(
        elementsById[gatewayId].outgoing.map((f: El) => [f.targetRef.id, f.conditionExpression?.body]),
      );
    expect(conditions('Gateway_Complete')).toEqual({
      UserTask_AppraiseDossier: '${complete}',
      // Incomplete: a supplement round when the desk asks for one (as generated procedures), else form 03.
      IntermediateCatchEvent_DossierSupplemented:
        "${!complete && execution.getVariable('requestSupplement') == true}",
      EndEvent_NotAccepted: "${!complete && execution.getVariable('requestSupplement') != true}",
    });
    const wait = elementsById.IntermediateCatchEvent_DossierSupplemented;
    expect(wait.eventDefinitions[0].messageRef.name).toBe('DossierSupplemented');
    expect(wait.outgoing[0].targetRef.id).toBe('ServiceTask_ResumeClock');
    expect(elementsById.ServiceTask_ResumeClock.topic).toBe(TOPICS.resumeClock);
    expect(elementsById.ServiceTask_ResumeClock.outgoing[0].targetRef.id).toBe('Gateway_CheckAgain');
    expect(elementsById.Gateway_CheckAgain.outgoing[0].targetRef.id).toBe('UserTask_CheckCompleteness');
    expect(conditions('Gateway_Approved')).toEqual({
      ServiceTask_ReturnResult: '${approved}',
      ServiceTask_ReturnRefusal: '${!approved}',
    });
    for (const f of Object.values(elementsById) as El[]) {
      if (f.$type === 'bpmn:SequenceFlow' && f.conditionExpression)
        expect(f.conditionExpression.$type).toBe('bpmn:FormalExpression');
    }
  });

  it('resolves every camunda:formRef (binding deployment: a version uses the forms of its own deployment) to a form, as bpmn-moddle reads them', async () => {
    const { elementsById } = await parse(entry.bpmnXml);
    const withForms = (Object.values(elementsById) as El[]).filter((e) => e.formRef);
    expect(withForms.map((e) => e.id).sort()).toEqual(
      [
        'StartEvent_DossierSubmitted',
        'UserTask_AppraiseDossier',
        'UserTask_ApproveDossier',
        'UserTask_CheckCompleteness',
      ].sort(),
    );
    for (const e of withForms) {
      expect(e.formRefBinding).toBe('deployment');
      expect(entry.forms[e.formRef]).toBeDefined();
    }
    expect(elementsById.StartEvent_DossierSubmitted.formRef).toBe(entry.startFormId);
  });

  it('has a diagram shape for every flow node and an edge with waypoints for every flow', async () => {
    const { rootElement, elementsById } = await parse(entry.bpmnXml);
    const plane = rootElement.diagrams[0].plane;
    const drawn = new Map(plane.planeElement.map((d: El) => [d.bpmnElement.id, d]));
    for (const e of Object.values(elementsById) as El[]) {
      if (e.$instanceOf?.('bpmn:FlowNode')) {
        const shape = drawn.get(e.id) as El;
        expect([e.id, shape?.$type]).toEqual([e.id, 'bpmndi:BPMNShape']);
        expect(shape.bounds.width).toBeGreaterThan(0);
      }
      if (e.$type === 'bpmn:SequenceFlow') {
        const edge = drawn.get(e.id) as El;
        expect([e.id, edge?.$type]).toEqual([e.id, 'bpmndi:BPMNEdge']);
        expect(edge.waypoint.length).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('has forms whose fields the task flow needs, with Vietnamese labels', () => {
    const keys = (id: string) => listFormFields(entry.forms[id]!).map((f) => f.key);
    expect(keys(entry.startFormId)).toEqual(
      expect.arrayContaining([
        'fullName',
        'dateOfBirth',
        'citizenId',
        'phone',
        'email',
        'facilityName',
        'radiationJob',
        'trainingCertificateNo',
        'truthfulnessCommitment',
      ]),
    );
    expect(keys(entry.taskForms.UserTask_CheckCompleteness!)).toEqual([
      'complete',
      'requestSupplement',
      'completenessNote',
    ]);
    expect(keys(entry.taskForms.UserTask_AppraiseDossier!)).toEqual(['recommendation', 'appraisalNote']);
    expect(keys(entry.taskForms.UserTask_ApproveDossier!)).toEqual(['approved', 'decisionNote']);
    for (const form of Object.values(entry.forms)) expect(form.schemaVersion).toBe(19);
  });

  it('validates a real application and a decision with the forms validator', () => {
    const application = {
      fullName: 'Trần Thị Bích Ngọc',
      dateOfBirth: '1992-03-14',
      citizenId: '001192012345',
      phone: '0912345678',
      email: 'ngoc.tran@example.vn',
      facilityName: 'Bệnh viện Bạch Mai',
      radiationJob: 'van-hanh-thiet-bi',
      trainingCertificateNo: 'ATBX-2025-0142',
      trainingInstitution: 'Viện Năng lượng nguyên tử Việt Nam',
      trainingCertificateDate: '2025-06-30',
      truthfulnessCommitment: true,
    };
    expect(validateSubmission(entry.forms[entry.startFormId]!, application).errors).toEqual([]);
    expect(
      validateSubmission(entry.forms[entry.startFormId]!, { ...application, citizenId: '0011920123' }).errors,
    ).toEqual([
      {
        field: 'citizenId',
        label: 'Số định danh cá nhân (CCCD)',
        message: 'Số định danh cá nhân gồm đúng 12 chữ số.',
      },
    ]);
    const decision = validateSubmission(entry.forms[entry.taskForms.UserTask_ApproveDossier!]!, {
      approved: false,
    });
    expect(decision).toEqual({ valid: true, errors: [], values: { approved: false } });
  });
});

describe('loadCatalogue errors', () => {
  it('names the procedure when a formRef does not resolve', () => {
    const src = fileURLToPath(new URL(`../../procedures/${KEY}/`, import.meta.url));
    const root = mkdtempSync(join(tmpdir(), 'motcua-catalogue-'));
    cpSync(src, join(root, KEY), { recursive: true });
    const bpmn = join(root, KEY, 'process.bpmn');
    writeFileSync(bpmn, readFileSync(bpmn, 'utf8').replace('-approve-dossier"', '-missing"'));
    expect(() => loadCatalogue(root)).toThrow(CatalogueError);
    expect(() => loadCatalogue(root)).toThrow(/most-chung-chi-nhan-vien-buc-xa.*-missing/);
  });

  it('refuses a process model that no catalogue description claims', () => {
    const src = fileURLToPath(new URL(`../../procedures/${KEY}/`, import.meta.url));
    const root = mkdtempSync(join(tmpdir(), 'motcua-catalogue-'));
    cpSync(src, join(root, 'most-orphan'), { recursive: true });
    expect(() => loadCatalogue(root)).toThrow(/"most-orphan": no catalogue description has this processKey/);
  });
});
