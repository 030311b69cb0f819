// `npm test`: every check in order, stopping at the first failure, then a table of wall times.
import { ensureChromium } from './findChromium.mjs'
import { ensureDeps } from './ensureDeps.mjs'
import { freePort } from './ports.mjs'
import { bin, npm, run, seconds } from './run.mjs'

const e2eEnv = {}

const steps = [
  { name: 'install dependencies', run: ensureDeps },
  { name: 'format check (prettier)', run: () => npm('run', 'format:check') },
  { name: 'typecheck (tsc -b)', run: () => npm('run', 'typecheck') },
  { name: 'lint (eslint)', run: () => npm('run', 'lint') },
  { name: 'unit tests (vitest)', run: () => npm('run', 'test:unit') },
  { name: 'build', run: () => npm('run', 'build') },
  {
    name: 'find Chromium',
    run: async () => {
      e2eEnv.CHROMIUM_PATH = await ensureChromium()
      e2eEnv.E2E_PORT = String(await freePort(4174))
      return 0
    },
  },
  {
    name: 'e2e tests (playwright)',
    run: () => run(bin('playwright'), ['test', '--forbid-only'], { env: e2eEnv }),
  },
]

const timings = []
const started = Date.now()

for (const [index, step] of steps.entries()) {
  console.log(`\n▶ [${index + 1}/${steps.length}] ${step.name}`)
  const stepStarted = Date.now()
  let code
  try {
    code = await step.run()
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    code = 1
  }
  timings.push([step.name, Date.now() - stepStarted])
  if (code !== 0) {
    printTimings()
    console.error(`\n✗ npm test failed at step "${step.name}" (exit code ${code}).`)
    process.exit(code)
  }
}

printTimings()
console.log(`\n✓ npm test passed: all ${steps.length} steps.`)

function printTimings() {
  const width = Math.max(...timings.map(([name]) => name.length))
  console.log('\nWall time per step:')
  for (const [name, ms] of timings)
    console.log(`  ${name.padEnd(width)}  ${seconds(ms).padStart(7)}`)
  console.log(`  ${'total'.padEnd(width)}  ${seconds(Date.now() - started).padStart(7)}`)
}
