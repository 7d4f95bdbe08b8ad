// Type-checked rules from typescript-eslint; formatting is Prettier's, so its conflicting rules are off.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.bench-build/', 'coverage/', 'data/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Prettier wraps code at 120; what it cannot wrap (a long string or comment) is caught here.
      'max-len': ['error', { code: 120, ignoreUrls: true }],
      // Async functions that implement an async port may have nothing to await (the in-memory fakes, caches).
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // expect(fake.method).toHaveBeenCalled() passes methods unbound, which is what jest wants.
      '@typescript-eslint/unbound-method': 'off',
      // jest's asymmetric matchers (expect.stringMatching...) are typed `any` inside expected objects.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
