// Small helpers shared by the scripts: run a command with inherited stdio, time things.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const isWindows = process.platform === 'win32'

/** The path of a locally installed CLI (node_modules/.bin/<name>). */
export function bin(name) {
  return path.join(root, 'node_modules', '.bin', isWindows ? `${name}.cmd` : name)
}

/**
 * Runs a command in the project root with stdio inherited.
 * Resolves with its exit code (a signal counts as failure); never rejects.
 */
export function run(command, args = [], options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      shell: isWindows,
      ...options,
      env: { ...process.env, ...options.env },
    })
    child.on('error', (error) => {
      console.error(`Could not run ${command}: ${error.message}`)
      resolve(127)
    })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + signalNumber(signal) : 1)))
  })
}

/** Runs npm with the given arguments, e.g. npm('run', 'build'). */
export function npm(...args) {
  return run(isWindows ? 'npm.cmd' : 'npm', args)
}

function signalNumber(signal) {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal] ?? 1
}

/** Formats milliseconds as seconds, e.g. "12.3s". */
export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`
}

/** A file's modification time in ms, or undefined when it does not exist. */
export function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs
  } catch {
    return undefined
  }
}
