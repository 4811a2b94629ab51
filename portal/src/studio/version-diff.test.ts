import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { diffVersions } from './version-diff.js';

const base = (timer = 'P5D', group = 'chuyen-vien', extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:userTask id="t" name="Thẩm định" camunda:candidateGroups="${group}" />
    <bpmn:boundaryEvent id="b" attachedToRef="t" cancelActivity="false"><bpmn:timerEventDefinition id="td"><bpmn:timeDuration>${timer}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    ${extra}
    <bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

describe('diffVersions', () => {
  it('reports a changed attribute with old and new the right way round', async () => {
    const d = await diffVersions(base(), base('P5D', 'lanh-dao'));
    expect(d.changed).toEqual([
      expect.objectContaining({
        id: 't',
        changes: [{ property: 'candidateGroups', oldValue: 'chuyen-vien', newValue: 'lanh-dao' }],
      }),
    ]);
  });
  it('finds a changed timer duration, which bpmn-js-differ alone misses', async () => {
    const d = await diffVersions(base('P5D'), base('P10D'));
    expect(d.changed.flatMap((c) => c.changes)).toEqual([
      { property: 'timeDuration', oldValue: 'P5D', newValue: 'P10D' },
    ]);
  });
  it('lists added and removed elements', async () => {
    const d = await diffVersions(base(), base('P5D', 'chuyen-vien', '<bpmn:userTask id="n" name="Mới" />'));
    expect(d.added).toEqual([{ id: 'n', type: 'bpmn:UserTask', name: 'Mới' }]);
    expect(
      (await diffVersions(base('P5D', 'chuyen-vien', '<bpmn:userTask id="n" />'), base())).removed,
    ).toEqual([{ id: 'n', type: 'bpmn:UserTask', name: null }]);
  });
  it('two equal models: nothing', async () => {
    const xml = readFileSync(
      new URL('../../../processes/procedures/most-chung-chi-nhan-vien-buc-xa/process.bpmn', import.meta.url),
      'utf8',
    );
    expect(await diffVersions(xml, xml)).toEqual({ added: [], removed: [], changed: [], layoutChanged: [] });
  });
});
