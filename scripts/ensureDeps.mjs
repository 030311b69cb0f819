// Installs dependencies when node_modules is missing or older than package-lock.json.
import fs from 'node:fs'
import path from 'node:path'
import { mtime, npm, root } from './run.mjs'

/** Why an install is needed, or undefined when node_modules is up to date. */
export function installReason() {
  const lock = mtime(path.join(root, 'package-lock.json'))
  // npm writes node_modules/.package-lock.json at the end of every install.
  const installed = mtime(path.join(root, 'node_modules', '.package-lock.json'))
  if (installed === undefined) return 'node_modules is missing'
  if (lock !== undefined && lock > installed) return 'package-lock.json is newer than node_modules'
  return undefined
}

/** Installs dependencies if needed. Resolves with an exit code: 0 when all is well. */
export async function ensureDeps() {
  const reason = installReason()
  if (!reason) {
    console.log('Dependencies are up to date.')
    return 0
  }
  const hasLock = fs.existsSync(path.join(root, 'package-lock.json'))
  const args = hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']
  console.log(`Installing dependencies (${reason}): npm ${args.join(' ')}`)
  const code = await npm(...args)
  if (code !== 0)
    console.error(`\nInstalling dependencies failed (npm ${args[0]} exited with ${code}).`)
  return code
}
