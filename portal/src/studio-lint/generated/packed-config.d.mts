// Types of packed-config.mjs, which portal/build-browser.mjs generates (bpmnlint-pack-config):
// bpmnlint's recommended rules plus bpmnlint-plugin-motcua, every rule bundled, for
// bpmn-js-bpmnlint in the browser: `linting: { active: true, bpmnlint: packedConfig }`.
export declare const config: { rules: Record<string, unknown> };
export declare const resolver: {
  resolveRule(pkg: string, ruleName: string): unknown;
  resolveConfig(pkg: string, configName: string): unknown;
};
export declare const moddleExtensions: Record<string, unknown>;
declare const bundle: {
  config: typeof config;
  resolver: typeof resolver;
  moddleExtensions: typeof moddleExtensions;
};
export default bundle;
