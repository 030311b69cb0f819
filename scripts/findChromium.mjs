// Finds a Chromium for the end-to-end tests, installing one when asked to and none is found.
//
// Order: $CHROMIUM_PATH; Playwright's own downloaded Chromium; the system's chromium /
// chromium-browser / google-chrome. findChromium() only looks; ensureChromium() also checks that
// the browser runs, installs one when none does, and prints which one it chose.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { bin, root, run } from './run.mjs'

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

const INSTALL_HINT =
  'Install Chromium: sudo apt-get install chromium (Debian/Ubuntu), or run ' +
  '`npx playwright install --with-deps chromium`, or set CHROMIUM_PATH=/path/to/chrome'

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

function playwrightCacheDir() {
  const custom = process.env.PLAYWRIGHT_BROWSERS_PATH
  if (custom && custom !== '0') return custom
  if (process.platform === 'darwin')
    return path.join(os.homedir(), 'Library', 'Caches', 'ms-playwright')
  if (process.platform === 'win32') {
    return path.join(process.env.LOCALAPPDATA ?? os.homedir(), 'ms-playwright')
  }
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'ms-playwright')
}

/** Chromium builds downloaded by `playwright install`, newest first. */
function playwrightDownloads() {
  const dir = playwrightCacheDir()
  let entries
  try {
    entries = fs.readdirSync(dir)
  } catch {
    return []
  }
  const revision = (name) => Number(/^chromium-(\d+)$/.exec(name)?.[1] ?? -1)
  return entries
    .filter((name) => revision(name) >= 0)
    .sort((a, b) => revision(b) - revision(a))
    .flatMap((name) =>
      [
        ['chrome-linux64', 'chrome'],
        ['chrome-linux', 'chrome'],
        ['chrome-win64', 'chrome.exe'],
        ['chrome-win', 'chrome.exe'],
      ].map((parts) => path.join(dir, name, ...parts)),
    )
}

/** Where the installed playwright-core expects its Chromium (it may not be downloaded). */
function playwrightRegistryPath() {
  try {
    const require = createRequire(path.join(root, 'package.json'))
    return [require('playwright-core').chromium.executablePath()]
  } catch {
    return []
  }
}

function systemBrowsers() {
  const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean)]
  return SYSTEM_NAMES.flatMap((name) => dirs.map((dir) => path.join(dir, name)))
}

/**
 * Returns the first Chromium found on disk as { path, source }, or undefined. Only looks: never
 * installs, never prints. With $CHROMIUM_PATH set, returns it whether or not it exists.
 */
/** The flags Chromium needs on these machines (no sandbox as root, no GPU, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function findChromium() {
  for (const candidate of candidates()) {
    if (candidate.source === 'CHROMIUM_PATH' || isExecutable(candidate.path)) return candidate
  }
  return undefined
}

/** Every place a Chromium may be, best first; later sources are only looked at when needed. */
function* candidates() {
  if (process.env.CHROMIUM_PATH) {
    yield { path: process.env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' }
    return
  }
  const sources = [
    ["Playwright's Chromium", playwrightDownloads],
    ["Playwright's Chromium", playwrightRegistryPath],
    ['system', systemBrowsers],
  ]
  const seen = new Set()
  for (const [source, paths] of sources) {
    for (const file of paths()) {
      if (seen.has(file)) continue
      seen.add(file)
      yield { path: file, source }
    }
  }
}

/** The browser's version line, or undefined when it does not start. */
function browserVersion(file) {
  if (!isExecutable(file)) return undefined
  const result = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 30_000 })
  if (result.status !== 0) return undefined
  return result.stdout.trim().split('\n').pop()
}

/** The first found browser that runs, with its version. */
function firstWorking() {
  for (const candidate of candidates()) {
    const version = browserVersion(candidate.path)
    if (version) return { ...candidate, version }
    if (candidate.source === 'CHROMIUM_PATH') {
      throw new Error(
        `CHROMIUM_PATH=${candidate.path} is not a browser that runs.\n${INSTALL_HINT}`,
      )
    }
  }
  return undefined
}

function isRootOnDebianOrUbuntu() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false
  try {
    const release = fs.readFileSync('/etc/os-release', 'utf8')
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release)
  } catch {
    return false
  }
}

async function install() {
  const rootOnDebian = isRootOnDebianOrUbuntu()
  if (rootOnDebian) {
    console.log('No Chromium found: installing it with apt-get (chromium).')
    const code = await run('sh', ['-c', 'apt-get update && apt-get install -y chromium'], {
      env: { DEBIAN_FRONTEND: 'noninteractive' },
    })
    if (code === 0 && firstWorking()) return
    console.log('apt-get did not give a working Chromium.')
  }
  // As root on Debian/Ubuntu, --with-deps also installs the libraries Chromium needs.
  const args = ['install', ...(rootOnDebian ? ['--with-deps'] : []), 'chromium']
  console.log(`Trying: npx playwright ${args.join(' ')}`)
  await run(bin('playwright'), args)
}

/**
 * Returns the path of a Chromium that runs, installing one when none is found.
 * Prints the choice. Throws an Error saying what to install when it cannot find or install one.
 */
export async function ensureChromium() {
  let found = firstWorking()
  if (!found) {
    await install()
    found = firstWorking()
  }
  if (!found) throw new Error(`No Chromium found and installing one failed.\n${INSTALL_HINT}`)
  console.log(`Browser: ${found.path} (${found.source}; ${found.version})`)
  return found.path
}
