/**
 * Where the session is kept between visits: IndexedDB, written after every change. IndexedDB is
 * asynchronous and a closing page may not finish a write, so when the page is hidden or closed the
 * session is also written synchronously to localStorage; loading takes whichever copy is newer.
 * Without IndexedDB (some private modes), localStorage alone is used. What comes back is validated.
 */
import type { Session } from '../protocol'
import { validateSession } from '../protocol'

/** Keeps the current session. */
export interface SessionStorage {
  /** The last saved session, or undefined (nothing saved, or what was saved no longer reads). */
  load(): Promise<Session | undefined>
  save(session: Session): Promise<void>
  /** A synchronous best effort, for `pagehide` when no promise will be awaited. */
  saveNow(session: Session): void
}

interface Stored {
  /** A wall-clock stamp, to tell the newer of two copies. */
  savedAt: number
  json: string
}

const DB_NAME = 'kube-playground'
const DB_STORE = 'sessions'
const DB_KEY = 'current'
const LOCAL_KEY = 'kube-playground.session'

function parseStored(value: unknown): Stored | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Partial<Stored>
  return typeof v.savedAt === 'number' && typeof v.json === 'string'
    ? { savedAt: v.savedAt, json: v.json }
    : undefined
}

function sessionOf(stored: Stored | undefined): Session | undefined {
  if (!stored) return undefined
  try {
    const check = validateSession(JSON.parse(stored.json))
    return check.ok ? check.session : undefined
  } catch {
    return undefined
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'))
  })
}

function openDb(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(DB_NAME, 1)
    req.onupgradeneeded = () => req.result.createObjectStore(DB_STORE)
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'))
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'))
  })
}

/** The browser's storage: IndexedDB plus the localStorage copy made when the page goes away. */
export function browserSessionStorage(
  indexedDb: IDBFactory | undefined = globalThis.indexedDB,
  local: Storage | undefined = globalThis.localStorage,
  now: () => number = () => Date.now(),
): SessionStorage {
  let db: Promise<IDBDatabase | undefined> | undefined
  const database = () =>
    (db ??= indexedDb ? openDb(indexedDb).catch(() => undefined) : Promise.resolve(undefined))

  function readLocal(): Stored | undefined {
    try {
      const text = local?.getItem(LOCAL_KEY)
      return text ? parseStored(JSON.parse(text)) : undefined
    } catch {
      return undefined
    }
  }

  function writeLocal(stored: Stored): void {
    // A full quota leaves the IndexedDB copy as the only one; that is still a saved session.
    try {
      local?.setItem(LOCAL_KEY, JSON.stringify(stored))
    } catch {
      /* nothing more to do */
    }
  }

  return {
    async load() {
      const d = await database()
      let fromDb: Stored | undefined
      if (d) {
        try {
          fromDb = parseStored(
            await request(d.transaction(DB_STORE, 'readonly').objectStore(DB_STORE).get(DB_KEY)),
          )
        } catch {
          fromDb = undefined
        }
      }
      const fromLocal = readLocal()
      const newer =
        fromDb && fromLocal ? (fromLocal.savedAt > fromDb.savedAt ? fromLocal : fromDb) : undefined
      return sessionOf(newer) ?? sessionOf(fromDb) ?? sessionOf(fromLocal)
    },
    async save(session) {
      const stored: Stored = { savedAt: now(), json: JSON.stringify(session) }
      const d = await database()
      if (!d) {
        writeLocal(stored)
        return
      }
      const tx = d.transaction(DB_STORE, 'readwrite')
      tx.objectStore(DB_STORE).put(stored, DB_KEY)
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve()
        tx.onerror = () => reject(tx.error ?? new Error('the session could not be saved'))
        tx.onabort = () => reject(tx.error ?? new Error('saving the session was aborted'))
      })
      // An older localStorage copy is superseded (a newer one, from a pagehide meanwhile, stays).
      const copy = readLocal()
      if (copy && copy.savedAt <= stored.savedAt) {
        try {
          local?.removeItem(LOCAL_KEY)
        } catch {
          /* it only costs a comparison on the next load */
        }
      }
    },
    saveNow(session) {
      writeLocal({ savedAt: now(), json: JSON.stringify(session) })
    },
  }
}

/** Storage that forgets with the page, for tests. */
export function memorySessionStorage(initial?: Session): SessionStorage & { saved: Session[] } {
  let current = initial ? JSON.stringify(initial) : undefined
  const saved: Session[] = []
  const keep = (s: Session) => {
    current = JSON.stringify(s)
    saved.push(JSON.parse(current) as Session)
  }
  return {
    saved,
    load: () => Promise.resolve(current ? sessionOf({ savedAt: 0, json: current }) : undefined),
    save(session) {
      keep(session)
      return Promise.resolve()
    },
    saveNow: keep,
  }
}
