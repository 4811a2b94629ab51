import type { ProcedureDescription } from '../catalogue/procedure-description.js';
import { pascalCase } from './process-graph.js';
import { storedName, xmlAttrs, xmlEscape } from './xml.js';

/** The tiers of a tiered fee: `feeTier` values `muc-1`, `muc-2` … with their amounts. */
export function feeTiers(
  d: ProcedureDescription,
): Array<{ value: string; labelVi: string; amountVnd: number }> | null {
  if (d.fees?.kind !== 'tiered') return null;
  return d.fees.tiers.map((t, i) => ({
    value: `muc-${i + 1}`,
    labelVi: `Mức ${i + 1}: ${t.nameVi ?? 'chưa rõ trường hợp áp dụng'} — ${groupThousands(t.amountVnd)} đồng`,
    amountVnd: t.amountVnd,
  }));
}

/**
 * A DMN 1.3 decision table `<key>-fee`: input `feeTier` (chosen at the completeness check, when
 * the unit notifies the fee), output `feeVnd`; hit policy UNIQUE. A fixed fee is one rule that
 * matches any tier (`-`), so every procedure with a fee takes its amount from its fee table — the
 * one the designer studio edits and online payment charges.
 */
export function feeDecisionTable(key: string, d: ProcedureDescription): string | null {
  const tiers = feeTiers(d);
  const fixed = d.fees?.kind === 'fixed' ? d.fees : null;
  if (!tiers && !fixed) return null;
  const id = pascalCase(key);
  const rules = tiers
    ? tiers.map(
        (t, i) => `      <rule id="Rule_Tier${i + 1}">
        <description>${xmlEscape(t.labelVi)}</description>
        <inputEntry id="UnaryTests_Tier${i + 1}"><text>"${t.value}"</text></inputEntry>
        <outputEntry id="LiteralExpression_Tier${i + 1}"><text>${t.amountVnd}</text></outputEntry>
      </rule>`,
      )
    : [
        `      <rule id="Rule_Fixed">
        <description>${xmlEscape(`${fixed!.nameVi ?? 'Phí, lệ phí'} — ${groupThousands(fixed!.amountVnd)} đồng`)}</description>
        <inputEntry id="UnaryTests_Fixed"><text>-</text></inputEntry>
        <outputEntry id="LiteralExpression_Fixed"><text>${fixed!.amountVnd}</text></outputEntry>
      </rule>`,
      ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions${xmlAttrs({
    xmlns: 'https://www.omg.org/spec/DMN/20191111/MODEL/',
    id: `Definitions_${id}Fee`,
    name: storedName(`Phí, lệ phí — ${d.name.vi}`),
    namespace: 'https://motcua.gov.vn/dmn/most',
    exporter: 'motcua generator',
    exporterVersion: '0.1.0',
  })}>
  <decision${xmlAttrs({ id: `${key}-fee`, name: 'Mức phí, lệ phí' })}>
    <decisionTable id="DecisionTable_${id}Fee" hitPolicy="UNIQUE">
      <input id="Input_FeeTier" label="Mức phí">
        <inputExpression id="InputExpression_FeeTier" typeRef="string"><text>feeTier</text></inputExpression>
      </input>
      <output id="Output_FeeVnd" label="Số tiền (đồng)" name="feeVnd" typeRef="long" />
${rules.join('\n')}
    </decisionTable>
  </decision>
</definitions>
`;
}

/** `10000000` → `10.000.000` (Vietnamese grouping, without relying on the runtime's ICU data). */
function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}
