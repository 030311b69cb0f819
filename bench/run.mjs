// `npm run bench`: bundles each bench/*.bench.ts for Node with Vite (as the app's worker is bundled:
// no dev-time helpers) and runs it, so the figures are those of shipped code.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'vite'

const outDir = join('node_modules', '.tmp', 'bench')
const only = process.argv.slice(2)
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))

for (const file of benches) {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: join('bench', file),
      outDir,
      emptyOutDir: false,
      target: 'node20',
      sourcemap: false,
    },
  })
  console.log(`\n## ${file}\n`)
  await import(pathToFileURL(join(outDir, file.replace(/\.ts$/, '.js'))).href)
}
