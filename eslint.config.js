// One linter for the whole repo: typescript-eslint's strict, type-aware rules.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'assets/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': ['error', { allow: [] }],
    },
  },
  {
    files: ['src/cli/logger.ts', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
)
