'use strict';
/**
 * motcua's bpmnlint plugin: the checks the designer studio shows live in the modeler and the
 * portal runs again before a deploy (`lintDeployment()` in portal/src/studio-lint/). Each rule
 * reports in Vietnamese; `error` blocks a deploy, `warn` is shown. bpmnlint finds the rules by
 * the package name `bpmnlint-plugin-motcua` (config names `motcua/<rule>`).
 */
module.exports = {
  configs: {
    recommended: {
      rules: {
        'user-task-candidate-group': 'error',
        'user-task-form': 'error',
        'form-ref-binding': 'warn',
        'external-task-topic': 'error',
        'legal-clock-timers': 'error',
        'path-to-end': 'error',
        'form-exists': 'error',
      },
    },
  },
};
