// Lint rules, including the layer rules of DESIGN.md §1: which layer may import which.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import { importX } from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'

const layer = (name) => `./src/${name}`
const others = (...names) => names.map(layer)

/** What each layer must never import (values or types). */
const zones = [
  {
    target: layer('engine'),
    from: [...others('protocol', 'worker', 'client', 'store', 'views', 'cli'), './src/main.tsx'],
    message: 'src/engine is pure: it imports nothing outside src/engine.',
  },
  {
    target: layer('protocol'),
    from: [...others('worker', 'client', 'store', 'views', 'cli'), './src/main.tsx'],
    message: 'src/protocol may import engine types only.',
  },
  {
    target: layer('worker'),
    from: [...others('client', 'store', 'views', 'cli'), './src/main.tsx'],
    message: 'src/worker may import the engine and the protocol only.',
  },
  {
    target: layer('client'),
    from: [...others('worker', 'store', 'views', 'cli'), './src/main.tsx'],
    message: 'src/client may import the protocol and engine types only.',
  },
  {
    target: layer('store'),
    from: [...others('worker', 'client', 'views', 'cli'), './src/main.tsx'],
    message: 'src/store may import the protocol, engine types and zustand only.',
  },
  {
    target: layer('views'),
    from: [layer('worker'), layer('cli'), './src/main.tsx'],
    message: 'src/views never import the worker or the CLI.',
  },
  {
    target: layer('cli'),
    from: [...others('protocol', 'worker', 'client', 'store', 'views'), './src/main.tsx'],
    message: 'src/cli (the headless runner) may import the engine only.',
  },
  {
    target: ['./src/main.tsx', './bench', './e2e', './scripts'],
    from: layer('cli'),
    message: 'Nothing imports src/cli: it is an entry point.',
  },
]

/** Engine code outside engine/model may be imported for its types only. */
const engineTypesOnly = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: '(^|/)engine(/(?!model/).*)?$',
          allowTypeImports: true,
          message:
            'Outside the engine, import engine code for its types only (pure helpers live in engine/model).',
        },
      ],
    },
  ],
}

const typesOnlyIncludingModel = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: '(^|/)engine(/.*)?$',
          allowTypeImports: true,
          message: 'This layer may import engine types only.',
        },
      ],
    },
  ],
}

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: './tsconfig.*.json',
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'Date',
          'performance',
          'setTimeout',
          'setInterval',
          'setImmediate',
          'queueMicrotask',
          'requestAnimationFrame',
          'crypto',
          'window',
          'document',
          'self',
        ].map((name) => ({
          name,
          message: 'The engine is deterministic: virtual time and the seeded RNG only.',
        })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the simulation RNG.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: ':function[async=true]', message: 'The engine is synchronous: no async.' },
        { selector: 'AwaitExpression', message: 'The engine is synchronous: no await.' },
      ],
    },
  },
  { files: ['src/client/**/*.ts'], rules: typesOnlyIncludingModel },
  { files: ['src/store/**/*.ts', 'src/views/**/*.{ts,tsx}'], rules: engineTypesOnly },
  {
    // Tests wire layers together (a host and a client, say); the layer rules bind the code they test.
    // After the layer blocks, so that it wins over them.
    files: ['src/**/*.test.ts'],
    rules: {
      'import-x/no-restricted-paths': 'off',
      '@typescript-eslint/no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/views/**/*.tsx', 'src/main.tsx'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: reactHooks.configs.recommended.rules,
  },
)
