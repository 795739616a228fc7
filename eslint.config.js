// One linter for the whole repo: typescript-eslint's strict rules.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'assets/', 'coverage/', 'tests/.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Callbacks created before the value they close over is assigned (dev server wiring).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // User-facing output goes through src/cli/logger.ts.
      'no-console': 'error',
    },
  },
  {
    files: ['src/cli/logger.ts', 'src/export/export-deck.ts', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['scripts/**', 'tests/browser/**', 'bench/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
)
