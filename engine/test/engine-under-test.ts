/**
 * Which engine a REST suite talks to: ours, or one of the two reference engines (Operaton 1.0.3,
 * Camunda 7.24.0 CE). The suites assert our answers on ours and the reference answers on the
 * references, where the two knowingly differ (engine/README.md, "Differences from the reference
 * engines").
 *
 * Ours and Camunda both answer `GET /version` with 7.x, so the version alone cannot tell them
 * apart: `npm run test:operaton` names the reference it started in REFERENCE_ENGINE. Without it,
 * an ENGINE_URL answering 1.x/2.x is Operaton, and one answering 7.x is a running engine of ours
 * (`npm run engine`), held to our answers.
 */
export type EngineUnderTest = 'ours' | 'operaton' | 'camunda7';

const REFERENCES = ['operaton', 'camunda7'] as const;

export function engineUnderTest(version: string, engineUrl: string | undefined): EngineUnderTest {
  if (!engineUrl) return 'ours';
  const declared = process.env.REFERENCE_ENGINE;
  if (declared) {
    if (!(REFERENCES as readonly string[]).includes(declared))
      throw new Error(`REFERENCE_ENGINE must be one of ${REFERENCES.join(', ')}, not '${declared}'`);
    return declared as EngineUnderTest;
  }
  return /^7\./.test(version) ? 'ours' : 'operaton';
}
