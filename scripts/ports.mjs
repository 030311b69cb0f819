// Finds a free TCP port on 127.0.0.1.
import net from 'node:net'

function isFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    )
  })
}

/** The first free port from `preferred` on (trying `attempts` ports). */
export async function freePort(preferred, attempts = 50) {
  for (let port = preferred; port < preferred + attempts; port++) {
    if (await isFree(port)) return port
  }
  throw new Error(`No free port between ${preferred} and ${preferred + attempts - 1}.`)
}
