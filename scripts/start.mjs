// `npm start`: installs dependencies when needed, builds, and serves the built app.
import { spawn } from 'node:child_process'
import { ensureDeps } from './ensureDeps.mjs'
import { freePort } from './ports.mjs'
import { bin, npm, root } from './run.mjs'

const PREFERRED_PORT = 4173

const installed = await ensureDeps()
if (installed !== 0) process.exit(installed)

console.log('Building the app (npm run build)…')
const built = await npm('run', 'build')
if (built !== 0) {
  console.error('\nThe build failed (see the errors above); not starting the server.')
  process.exit(built)
}

const port = await freePort(PREFERRED_PORT)
if (port !== PREFERRED_PORT) console.log(`Port ${PREFERRED_PORT} is taken; using ${port}.`)
const url = `http://127.0.0.1:${port}/`

const server = spawn(
  bin('vite'),
  ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
  { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' },
)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopping = true
    server.kill(signal)
  })
}
server.on('exit', (code) => process.exit(stopping ? 0 : (code ?? 1)))

if (await respondsWithin(url, 30_000)) {
  console.log(`\n  Kube Playground is running at ${url}\n  Press Ctrl-C to stop.\n`)
} else if (!stopping) {
  console.error(`The server did not answer at ${url} within 30 s.`)
}

async function respondsWithin(target, ms) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline && server.exitCode === null && !stopping) {
    try {
      if ((await fetch(target)).ok) return true
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return false
}
